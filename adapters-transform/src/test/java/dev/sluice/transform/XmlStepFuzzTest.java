package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.Processor.ProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Fuzzes the {@code xml} pipeline step, which turns whatever a producer sent into the XML a webhook gets.
 * For any root name and any payload, the step either writes a well-formed XML document whose root is the
 * configured element, which the JDK's parser reads back (with DTDs and external entities off, as a careful
 * receiver reads it), or refuses with its documented {@link ProcessingException}; a root name that is not
 * an XML name is refused with {@link IllegalArgumentException} when the route is made. Half the inputs are
 * raw bytes, half a JSON object built from the fuzzer's data, so that the writer sees deep objects, arrays,
 * any key and any text (control characters, unpaired surrogates, U+FFFE) rather than mostly broken JSON.
 *
 * <p>In the suite it fuzzes for {@code fuzz.duration} (25 s); see README "Fuzzing" for longer runs.
 */
class XmlStepFuzzTest {

    private static final XmlPlugin XML = new XmlPlugin();

    @FuzzTest(maxDuration = "25s")
    void theXmlStepWritesWellFormedXmlOrRefusesAsDocumented(FuzzedDataProvider data) throws Exception {
        String root = data.consumeBoolean() ? "item" : data.consumeString(16);
        Processor step;
        try {
            step = XML.create(root);
        } catch (IllegalArgumentException e) {
            assertFalse(XmlNames.isValid(root.strip()) || root.isBlank(), "a valid root name was refused: " + root);
            return;
        }
        byte[] payload = data.consumeBoolean()
                ? data.consumeRemainingAsBytes()
                : Json.MAPPER.writeValueAsBytes(object(data, 0));
        EventEnvelope event = new EventEnvelope("e-1", "/sluice/fuzz", "item_published", null,
                Instant.parse("2026-01-01T00:00:00Z"), "application/json", "k", Map.of(), payload);
        EventEnvelope out;
        try {
            out = step.apply(event);
        } catch (ProcessingException e) {
            return; // documented: not a JSON object, or text XML 1.0 cannot hold
        }
        assertEquals("application/xml", out.contentType());
        Document document = parse(out.payload());
        String expected = root.isBlank() ? "item" : root.strip();
        assertEquals(expected, document.getDocumentElement().getTagName());
        assertTrue(new String(out.payload(), StandardCharsets.UTF_8).startsWith("<?xml version='1.0' encoding='UTF-8'?>"));
    }

    private static ObjectNode object(FuzzedDataProvider data, int depth) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields && data.remainingBytes() > 0; i++) {
            String key = data.consumeString(12);
            switch (data.consumeInt(0, depth < 4 ? 7 : 4)) {
                case 0 -> node.put(key, data.consumeString(24));
                case 1 -> node.put(key, data.consumeLong());
                case 2 -> node.put(key, new BigDecimal(BigDecimal.valueOf(data.consumeLong()).unscaledValue(),
                        data.consumeInt(-20, 20)));
                case 3 -> node.put(key, data.consumeBoolean());
                case 4 -> node.putNull(key);
                case 5, 6 -> node.set(key, object(data, depth + 1));
                default -> {
                    ArrayNode array = node.putArray(key);
                    int n = data.consumeInt(0, 3);
                    for (int j = 0; j < n; j++) {
                        if (data.consumeBoolean()) {
                            array.add(data.consumeString(12));
                        } else {
                            array.add(object(data, depth + 1));
                        }
                    }
                }
            }
        }
        return node;
    }

    /** Parses as a careful receiver does: no DTD, no external entities, errors are errors. */
    static Document parse(byte[] xml) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        return builder.parse(new ByteArrayInputStream(xml));
    }
}
