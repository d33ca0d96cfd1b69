package dev.sluice.ports.in;

/** The request cannot be carried out in the current state (a simulator that already runs); nothing was changed. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
