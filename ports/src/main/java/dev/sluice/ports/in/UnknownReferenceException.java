package dev.sluice.ports.in;

import java.util.List;

/** The input is well-formed but refers to entities that do not exist (HTTP 422); nothing was written. */
public class UnknownReferenceException extends InvalidInputException {
    public UnknownReferenceException(String message, List<Violation> violations) {
        super(message, violations);
    }
}
