package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.Processor.ProcessingException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XmlPluginTest {

    private static final String DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>";

    private static Document parse(EventEnvelope event) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(event.payload()));
    }

    private static List<String> childTexts(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                texts.add(e.getTextContent());
            }
        }
        return texts;
    }

    private static Element child(Element parent, String name) {
        NodeList list = parent.getElementsByTagName(name);
        assertEquals(1, list.getLength(), "one <" + name + ">");
        return (Element) list.item(0);
    }

    @Test
    void objectBecomesCompactWellFormedXml() throws Exception {
        Processor xml = new XmlPlugin().create("");
        EventEnvelope in = Events.json("{\"itemId\":\"A-1\",\"price\":29.90,\"active\":true,"
                + "\"dims\":{\"w\":2,\"h\":3.5},\"tags\":[\"x\",\"y\"],\"note\":null}");

        EventEnvelope out = xml.apply(in);
        String text = Events.text(out);

        assertEquals("application/xml", out.contentType());
        assertTrue(text.startsWith(DECLARATION), text);
        assertFalse(text.contains("\n") || text.contains("\r"), text);
        assertEquals(DECLARATION + "<item><itemId>A-1</itemId><price>29.90</price><active>true</active>"
                + "<dims><w>2</w><h>3.5</h></dims><tags>x</tags><tags>y</tags><note/></item>", text);

        Element root = parse(out).getDocumentElement();
        assertEquals("item", root.getTagName());
        assertEquals("A-1", child(root, "itemId").getTextContent());
        assertEquals("29.90", child(root, "price").getTextContent());
        assertEquals("3.5", child(child(root, "dims"), "h").getTextContent());
        assertEquals(List.of("x", "y"), childTexts(root, "tags"));
        assertEquals(in.id(), out.id());
        assertEquals("application/json", in.contentType());
    }

    @Test
    void rootNameIsConfigurable() throws Exception {
        EventEnvelope out = new XmlPlugin().create(" product ").apply(Events.json("{\"a\":1}"));
        assertEquals("product", parse(out).getDocumentElement().getTagName());
    }

    @Test
    void textIsEscaped() throws Exception {
        String value = "Tom & Jerry <b>\"quoted\"</b> 'single' ]]> end é 😀";
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(java.util.Map.of("name", value));
        EventEnvelope out = new XmlPlugin().create("item").apply(Events.json(json));

        String text = Events.text(out);
        assertTrue(text.contains("&amp;") && text.contains("&lt;"), text);
        assertFalse(text.contains("<b>"), text);
        assertEquals(value, child(parse(out).getDocumentElement(), "name").getTextContent());
    }

    @Test
    void invalidKeysBecomeValidElementNames() throws Exception {
        EventEnvelope out = new XmlPlugin().create("item").apply(Events.json(
                "{\"1abc\":1,\"a b\":2,\"\":3,\"a:b\":4,\"-x\":5,\"café\":6,\"😀\":7,\"ok_name.v-2\":8,\"a<b\":9}"));

        Element root = parse(out).getDocumentElement();
        assertEquals("1", child(root, "_1abc").getTextContent());
        assertEquals(List.of("2", "4", "9"), childTexts(root, "a_b"));
        assertEquals(List.of("3", "7"), childTexts(root, "_"));
        assertEquals("5", child(root, "_-x").getTextContent());
        assertEquals("6", child(root, "café").getTextContent());
        assertEquals("8", child(root, "ok_name.v-2").getTextContent());
        assertEquals(9, root.getChildNodes().getLength());
    }

    @Test
    void nestedArraysStayWellFormed() throws Exception {
        EventEnvelope out = new XmlPlugin().create("item").apply(Events.json(
                "{\"rows\":[[1,2],[3]],\"objs\":[{\"k\":\"v1\"},{\"k\":\"v2\"}],\"empty\":{},\"none\":[]}"));
        Element root = parse(out).getDocumentElement();
        assertEquals(List.of("1", "2", "3"), childTexts(root, "rows"));
        assertEquals(List.of("v1", "v2"), childTexts(root, "objs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1item", "a b", "a:b", "<x>", "-x", "a&b"})
    void invalidRootNameFailsCreate(String root) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new XmlPlugin().create(root));
        assertTrue(e.getMessage().contains(root), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null"})
    void nonObjectPayloadRaisesProcessingException(String payload) {
        Processor xml = new XmlPlugin().create("item");
        assertThrows(ProcessingException.class, () -> xml.apply(Events.json(payload)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<item/>", "{\"a\":", ""})
    void nonJsonPayloadRaisesProcessingException(String payload) {
        Processor xml = new XmlPlugin().create("item");
        ProcessingException e = assertThrows(ProcessingException.class, () -> xml.apply(Events.json(payload)));
        assertTrue(e.getMessage().contains("JSON"), e.getMessage());
    }

    @Test
    void aNumberNoDecimalHoldsRaisesProcessingException() {
        // an exponent past 32 bits: Jackson throws NumberFormatException, quoting it (XmlStepFuzzTest found it)
        Processor xml = new XmlPlugin().create("item");
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> xml.apply(Events.json("{\"price\":2.5E33333333333}")));
        assertTrue(e.getMessage().contains("out of range") && !e.getMessage().contains("33333"), e.getMessage());
    }

    @Test
    void characterXmlCannotHoldRaisesProcessingException() {
        Processor xml = new XmlPlugin().create("item");
        assertThrows(ProcessingException.class, () -> xml.apply(Events.json("{\"a\":\"bell\\u0007\"}")));
        // noncharacters and unpaired surrogates: the writer would emit &#xfffe; or a broken character
        for (String text : new String[] {"\\uFFFE", "\\uFFFF", "\\uD800", "x\\uDC00y", "\\u0000"}) {
            ProcessingException e = assertThrows(ProcessingException.class,
                    () -> xml.apply(Events.json("{\"a\":{\"b\":[\"ok\",\"" + text + "\"]}}")), text);
            assertTrue(e.getMessage().contains("is not allowed in XML 1.0"), e.getMessage());
        }
        assertTrue(new String(xml.apply(Events.json("{\"a\":\"tab\\t lf\\n cr\\r \\uD83D\\uDE00 \\uFFFD\"}")).payload(),
                java.nio.charset.StandardCharsets.UTF_8).contains("\uD83D\uDE00"));
    }
}
