package dev.sluice.ports.in;

import java.util.Objects;

/**
 * One bad field of an input.
 *
 * @param pointer JSON Pointer (RFC 6901) to the field in the request body, such as {@code /2/price}
 * @param message what is wrong, for a human
 */
public record Violation(String pointer, String message) {
    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }
}
