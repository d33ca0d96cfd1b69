package dev.sluice.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;

/** Processor {@code map}: the JSONata expression's result becomes the payload; undefined drops the event. */
public final class MapPlugin implements ProcessorPlugin {

    @Override
    public String name() {
        return "map";
    }

    @Override
    public Processor create(String argument) {
        Expression expression = new Expression(argument);
        return event -> {
            Object result = expression.evaluate(Json.values(event), event.id());
            if (result == null) {
                return null;
            }
            try {
                return event.withPayload(Json.MAPPER.writeValueAsBytes(result), "application/json");
            } catch (JsonProcessingException e) {
                throw new Processor.ProcessingException("cannot write the result of map on " + event.id(), e);
            }
        };
    }
}
