package dev.sluice.ports.event;

import java.util.Objects;

/**
 * An event read back from the log.
 *
 * @param event    the event
 * @param position where this record sits
 * @param cursor   opaque token that resumes a reader right after this record (and after everything
 *                 it had already seen on other partitions); hand it to {@link StartAt#after}
 */
public record LoggedEvent(EventEnvelope event, Position position, String cursor) {
    public LoggedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(cursor, "cursor");
    }
}
