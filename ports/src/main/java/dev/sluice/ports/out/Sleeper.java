package dev.sluice.ports.out;

import java.time.Duration;

/** Waits between delivery attempts. Lets tests and the domain stay free of threads and timers. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for {@code duration}; throws if the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;
}
