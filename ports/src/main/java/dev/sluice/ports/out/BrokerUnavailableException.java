package dev.sluice.ports.out;

import java.time.Duration;

/**
 * The broker did not acknowledge in time or cannot be reached. Nothing was acknowledged to the caller;
 * it may retry after {@link #retryAfter()}.
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
