package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Processor {@code xml}: a JSON object becomes one compact XML document with a declaration, under
 * the root element given as argument (default {@code item}). Arrays become repeated elements; field
 * names that are not XML names are made into ones ({@code 1st price} becomes {@code _1st_price}).
 */
public final class XmlPlugin implements ProcessorPlugin {

    private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");
    private static final XmlMapper XML = XmlMapper.builder()
            .configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, true)
            .build();

    @Override
    public String name() {
        return "xml";
    }

    @Override
    public Processor create(String argument) {
        String root = argument == null || argument.isBlank() ? "item" : argument.trim();
        if (!XML_NAME.matcher(root).matches() || root.toLowerCase(java.util.Locale.ROOT).startsWith("xml")) {
            throw new IllegalArgumentException("'" + root + "' is not a valid XML root element name");
        }
        ObjectWriter writer = XML.writer().withRootName(root);
        return event -> {
            JsonNode tree = Json.tree(event);
            if (!tree.isObject()) {
                throw new Processor.ProcessingException("xml needs a JSON object, event " + event.id() + " has "
                        + tree.getNodeType(), null);
            }
            try {
                return event.withPayload(writer.writeValueAsBytes(xmlSafe(tree)), "application/xml");
            } catch (JsonProcessingException e) {
                throw new Processor.ProcessingException("cannot write event " + event.id() + " as XML", e);
            }
        };
    }

    /** A copy of the tree whose field names are all valid XML names. */
    static JsonNode xmlSafe(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.set(elementName(field.getKey()), xmlSafe(field.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(xmlSafe(element)));
            return out;
        }
        return node;
    }

    static String elementName(String name) {
        if (XML_NAME.matcher(name).matches() && !name.toLowerCase(java.util.Locale.ROOT).startsWith("xml")) {
            return name;
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.isEmpty() || !XML_NAME.matcher(cleaned).matches()
                || cleaned.toLowerCase(java.util.Locale.ROOT).startsWith("xml")
                ? "_" + cleaned : cleaned;
    }
}
