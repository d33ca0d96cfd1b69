package dev.sluice.http.badfixture;

import dev.sluice.engine.badfixture.EngineUsingJackson;

/** Bad fixture: a driving adapter that calls the engine directly instead of an in-port. */
public class HttpAdapterUsingEngine {

    public Object handle(String body) throws Exception {
        return new EngineUsingJackson().parse(body);
    }
}
