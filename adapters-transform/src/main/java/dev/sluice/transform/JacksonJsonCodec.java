package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.ports.out.JsonCodec;

/**
 * {@link JsonCodec} backed by one shared Jackson {@link ObjectMapper}, which is thread-safe once
 * configured. Writes compact UTF-8 JSON. Map entries are written in iteration order, so a
 * {@link java.util.LinkedHashMap} keeps its insertion order. Numbers are written as given: a
 * {@link java.math.BigDecimal} in plain digits with its scale ({@code 29.90}, {@code 0.0000001}, never
 * {@code 1E-7}, as the xml step writes it), a {@code double} by its shortest repr.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    public JacksonJsonCodec() {
        // plain: toString() would write 0.0000001 as 1E-7 while the xml step writes 0.0000001
        this.mapper = Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /**
     * @throws IllegalArgumentException when the tree cannot be written as JSON (e.g. a null map key)
     */
    @Override
    public byte[] encode(Object tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object decode(byte[] json) {
        try {
            // decimals as BigDecimal: an amount of 120.50 read back and written again stays 120.50
            return mapper.readerFor(Object.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readValue(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
