package dev.sluice.transform;

import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;

/** Processor {@code filter}: keeps an event when its JSONata expression is truthy. */
public final class FilterPlugin implements ProcessorPlugin {

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public Processor create(String argument) {
        Expression expression = new Expression(argument);
        return event -> Expression.truthy(expression.evaluate(Json.values(event), event.id())) ? event : null;
    }
}
