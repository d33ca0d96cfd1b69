package dev.sluice.ports.event;

import java.util.Objects;

/**
 * Where one record sits on the log, as the broker names it (partition and offset for Kafka, a stream
 * id for Redis). Opaque to the core: compare with {@link #equals}, print with {@link #value()}.
 */
public record Position(String value) {
    public Position {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
