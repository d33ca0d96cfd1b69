package dev.sluice.engine.badfixture;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.domain.route.RetryPolicy;

/**
 * Bad fixture: engine code that parses JSON itself instead of using the {@code JsonCodec} port. Its
 * use of the domain ({@link RetryPolicy}) is legal and must not be reported.
 */
public class EngineUsingJackson {

    private final ObjectMapper mapper = new ObjectMapper();

    public Object parse(String json) throws Exception {
        return mapper.readTree(json);
    }

    public RetryPolicy policy() {
        return RetryPolicy.DEFAULT;
    }
}
