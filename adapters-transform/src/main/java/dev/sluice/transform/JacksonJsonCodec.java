package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.out.JsonCodec;

/** {@link JsonCodec} with Jackson: compact UTF-8, map order kept, numbers written as given. */
public final class JacksonJsonCodec implements JsonCodec {

    @Override
    public byte[] encode(Object tree) {
        try {
            return Json.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
