package dev.sluice.domain.route;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import java.util.List;

/**
 * The processors of a route in order. An event dropped by one step (null) skips the rest.
 *
 * @param steps       the processors
 * @param description one entry per step as configured, such as {@code filter: $lowercase(category)...}
 */
public record Pipeline(List<Processor> steps, List<String> description) {

    public static final Pipeline EMPTY = new Pipeline(List.of(), List.of());

    public Pipeline {
        steps = List.copyOf(steps);
        description = List.copyOf(description);
        if (steps.size() != description.size()) {
            throw new IllegalArgumentException("one description per step");
        }
    }

    /** Runs every step; returns null when a step dropped the event. */
    public EventEnvelope apply(EventEnvelope event) {
        EventEnvelope current = event;
        for (Processor step : steps) {
            current = step.apply(current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }
}
