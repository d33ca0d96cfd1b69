package dev.sluice.engine.route;

import java.util.Objects;

/**
 * A route definition that does not make a route: what is wrong, and where in the definition, as a JSON
 * Pointer (RFC 6901) such as {@code /options/url} or {@code /fan-out/0/retry/max-atempts}. The message is
 * the one start-up gives for the same mistake in configuration.
 */
public final class RouteDefinitionException extends IllegalArgumentException {

    private final String pointer;

    public RouteDefinitionException(String pointer, String message, Throwable cause) {
        super(message, cause);
        this.pointer = Objects.requireNonNull(pointer, "pointer");
    }

    /** Where in the definition the mistake is; empty for the definition as a whole. */
    public String pointer() {
        return pointer;
    }
}
