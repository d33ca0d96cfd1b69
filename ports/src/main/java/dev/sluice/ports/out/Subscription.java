package dev.sluice.ports.out;

/** A running reader or consumer. {@link #close()} stops it; it is idempotent and never throws. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
