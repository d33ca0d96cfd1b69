package dev.sluice.ports.in;

/** A named thing (a channel, a route) does not exist. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
