package dev.sluice.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import java.io.IOException;

/** Shared Jackson mapper (thread-safe once configured) and payload parsing for the processors. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The payload as plain JDK values (Map, List, String, Number, Boolean, null). */
    static Object values(EventEnvelope event) {
        requireJson(event);
        try {
            return MAPPER.readValue(event.payload(), Object.class);
        } catch (IOException e) {
            throw new Processor.ProcessingException("event " + event.id() + " is not valid JSON", e);
        }
    }

    static JsonNode tree(EventEnvelope event) {
        requireJson(event);
        try {
            return MAPPER.readTree(event.payload());
        } catch (IOException e) {
            throw new Processor.ProcessingException("event " + event.id() + " is not valid JSON", e);
        }
    }

    private static void requireJson(EventEnvelope event) {
        String type = event.contentType().toLowerCase(java.util.Locale.ROOT);
        int semicolon = type.indexOf(';');
        String base = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        if (!base.equals("application/json") && !base.endsWith("+json")) {
            throw new Processor.ProcessingException("event " + event.id() + " is " + event.contentType()
                    + ", not JSON", null);
        }
    }
}
