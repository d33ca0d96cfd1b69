package dev.sluice.transform;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;

/**
 * {@code - filter: <JSONata expression>}: keeps the event unchanged when the expression is truthy
 * for its JSON payload (JSONata {@code $boolean} rules), and drops it otherwise. Undefined (e.g. a
 * missing field), null, false, "", 0, [] and {} all drop the event.
 */
public final class FilterPlugin implements ProcessorPlugin {

    static final String NAME = "filter";

    public FilterPlugin() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Processor create(String argument) {
        return new FilterProcessor(JsonataExpression.parse(NAME, argument));
    }

    private record FilterProcessor(JsonataExpression expression) implements Processor {
        @Override
        public EventEnvelope apply(EventEnvelope event) {
            Object result = expression.evaluateOn(event, NAME);
            return JsonataExpression.isTruthy(result) ? event : null;
        }

        @Override
        public String toString() {
            return NAME + "(" + expression.source() + ")";
        }
    }
}
