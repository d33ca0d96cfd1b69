package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.XmlNameProcessor;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;

/**
 * {@code - xml: <root element name>} (blank means {@code item}): turns a JSON object payload into
 * one compact XML document ({@code application/xml}) that starts with
 * {@code <?xml version='1.0' encoding='UTF-8'?>}. Jackson's XmlMapper does the conversion:
 * <ul>
 *   <li>a nested object becomes a nested element, an array becomes repeated elements (nested
 *       arrays are flattened), and null becomes an empty element;</li>
 *   <li>text is escaped;</li>
 *   <li>decimals are written as they appear in the JSON;</li>
 *   <li>a key that is not a valid XML name is made into one (see {@link XmlNames#sanitize}).</li>
 * </ul>
 * The output has no indentation; a newline inside a JSON string stays in the element text.
 * Payloads that are not JSON objects, and text with characters XML 1.0 cannot hold (such as
 * U+0001), raise {@link Processor.ProcessingException}.
 */
public final class XmlPlugin implements ProcessorPlugin {

    static final String NAME = "xml";
    static final String DEFAULT_ROOT = "item";
    static final String APPLICATION_XML = "application/xml";

    /** Immutable once built; shared by all xml processors. */
    private static final XmlMapper XML = XmlMapper.builder()
            .xmlNameProcessor(new SanitizingNameProcessor())
            .enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    public XmlPlugin() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Processor create(String argument) {
        String root = argument == null || argument.isBlank() ? DEFAULT_ROOT : argument.strip();
        if (!XmlNames.isValid(root)) {
            throw new IllegalArgumentException(NAME + ": '" + root + "' is not a valid XML element name"
                    + " (letters, digits, '_', '-', '.'; not starting with a digit, '-' or '.'; no ':')");
        }
        return new XmlProcessor(root, XML.writer().withRootName(root));
    }

    private record XmlProcessor(String root, ObjectWriter writer) implements Processor {
        @Override
        public EventEnvelope apply(EventEnvelope event) {
            JsonNode tree = Json.readExactTree(event, NAME);
            if (!tree.isObject()) {
                throw new ProcessingException(NAME + ": payload of event " + event.id()
                        + " must be a JSON object, got " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT), null);
            }
            String bad = firstNonXmlCharacter(tree);
            if (bad != null) {
                // the writer would emit a character reference such as &#xfffe;, which no XML 1.0 parser accepts
                throw new ProcessingException(NAME + ": event " + event.id() + " cannot be written as XML: "
                        + bad, null);
            }
            try {
                return event.withPayload(writer.writeValueAsBytes(tree), APPLICATION_XML);
            } catch (JsonProcessingException e) {
                throw new ProcessingException(NAME + ": event " + event.id() + " cannot be written as XML: "
                        + e.getOriginalMessage(), e);
            }
        }

        @Override
        public String toString() {
            return NAME + "(" + root + ")";
        }
    }

    /**
     * Where the text values of {@code node} hold a character outside XML 1.0's {@code Char} production
     * (control characters but tab, LF and CR; U+FFFE, U+FFFF; unpaired surrogates), or null.
     */
    static String firstNonXmlCharacter(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                boolean xml = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
                if (!xml) {
                    return String.format("U+%04X is not allowed in XML 1.0", c);
                }
                i += Character.charCount(c);
            }
            return null;
        }
        for (JsonNode child : node) {
            String bad = firstNonXmlCharacter(child);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /** Replaces invalid element names (JSON keys) with valid ones; reading XML is never done here. */
    private static final class SanitizingNameProcessor implements XmlNameProcessor {
        private static final long serialVersionUID = 1L;

        @Override
        public void encodeName(XmlName name) {
            name.localPart = XmlNames.sanitize(name.localPart);
        }

        @Override
        public void decodeName(XmlName name) {
            // only writing
        }
    }
}
