package dev.sluice.domain.badfixture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Bad fixture: domain code that parses JSON itself instead of using the {@code JsonCodec} port. */
public class DomainUsingJackson {

    private final ObjectMapper mapper = new ObjectMapper();

    public Object parse(String json) throws Exception {
        return mapper.readTree(json);
    }
}
