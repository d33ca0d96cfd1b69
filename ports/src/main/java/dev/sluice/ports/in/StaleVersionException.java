package dev.sluice.ports.in;

/**
 * A change was made against a version that is no longer the current one (someone else changed the thing
 * meanwhile); nothing was changed.
 */
public class StaleVersionException extends RuntimeException {
    private final String currentTag;

    public StaleVersionException(String message, String currentTag) {
        super(message);
        this.currentTag = currentTag;
    }

    /** The tag of the current version, to read it again and decide. */
    public String currentTag() {
        return currentTag;
    }
}
