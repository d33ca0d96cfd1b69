package dev.sluice.ports.out;

import java.time.Duration;

/** Waits between delivery attempts, so that engine tests can run their retries without waiting. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for {@code duration}; throws if the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;
}
