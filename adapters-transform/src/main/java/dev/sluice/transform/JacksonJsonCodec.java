package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.ports.out.JsonCodec;

/**
 * {@link JsonCodec} backed by one shared Jackson {@link ObjectMapper}, which is thread-safe once
 * configured. Writes compact UTF-8 JSON. Map entries are written in iteration order, so a
 * {@link java.util.LinkedHashMap} keeps its insertion order. Numbers are written as given: a
 * {@link java.math.BigDecimal} by its {@code toString()}, a {@code double} by its shortest repr.
 */
public final class JacksonJsonCodec implements JsonCodec {

    private final ObjectMapper mapper;

    public JacksonJsonCodec() {
        this.mapper = Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);
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
            return mapper.readerFor(Object.class).readValue(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
