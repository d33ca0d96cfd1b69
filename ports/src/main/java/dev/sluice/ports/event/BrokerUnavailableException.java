package dev.sluice.ports.event;

import java.time.Duration;

/**
 * The broker did not acknowledge in time or cannot be reached. Nothing was acknowledged to the caller;
 * it may retry after {@link #retryAfter()}.
 *
 * <p>Shared vocabulary rather than an out-port type: an out-port raises it and an in-port passes it on
 * unchanged, because both sides of the hexagon must speak about "unavailable, retry after".
 */
public class BrokerUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public BrokerUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
