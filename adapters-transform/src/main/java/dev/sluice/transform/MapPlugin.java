package dev.sluice.transform;

import com.dashjoin.jsonata.Utils;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;

/**
 * {@code - map: <JSONata expression>}: the expression's result, evaluated over the JSON payload,
 * becomes the new payload ({@code application/json}). An undefined or null result drops the event.
 */
public final class MapPlugin implements ProcessorPlugin {

    static final String NAME = "map";

    public MapPlugin() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Processor create(String argument) {
        return new MapProcessor(JsonataExpression.parse(NAME, argument));
    }

    private record MapProcessor(JsonataExpression expression) implements Processor {
        @Override
        public EventEnvelope apply(EventEnvelope event) {
            Object result = expression.evaluateOn(event, NAME);
            if (result == null) {
                return null;
            }
            if (Utils.isFunction(result)) {
                throw new ProcessingException(NAME + ": expression '" + expression.source()
                        + "' evaluated to a function, not JSON, on event " + event.id(), null);
            }
            byte[] payload;
            try {
                payload = Json.MAPPER.writeValueAsBytes(result);
            } catch (JsonProcessingException e) {
                throw new ProcessingException(NAME + ": result of expression '" + expression.source()
                        + "' on event " + event.id() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
            return event.withPayload(payload, Json.APPLICATION_JSON);
        }

        @Override
        public String toString() {
            return NAME + "(" + expression.source() + ")";
        }
    }
}
