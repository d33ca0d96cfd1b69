package dev.sluice.ports.spi;

import dev.sluice.ports.event.EventEnvelope;

/**
 * One pipeline step (modelled on Kafka Connect's {@code Transformation}): maps an event to a new
 * event, or to {@code null} to drop it. Must be thread-safe and must not mutate its input.
 * A processor that cannot handle an event throws {@link ProcessingException}.
 */
@FunctionalInterface
public interface Processor {
    EventEnvelope apply(EventEnvelope event);

    /** The event could not be processed (for example, its payload is not the JSON the step needs). */
    class ProcessingException extends RuntimeException {
        public ProcessingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
