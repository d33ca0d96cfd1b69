package dev.sluice.ports.spi;

import dev.sluice.ports.out.ClientStreams;
import java.util.Map;
import java.util.Set;

/**
 * Provides the per-client streams of scenario S5 under a name ({@code redis}). Found through
 * {@link java.util.ServiceLoader}.
 */
public interface ClientStreamsPlugin {
    String name();

    /** The setting names {@link #open} reads; any other fails start-up naming it. */
    Set<String> options();

    /**
     * @param settings flat settings, such as {@code uri}, {@code key-prefix} and {@code max-length}
     * @throws IllegalStateException when the store cannot be reached (names it, without credentials)
     */
    Streams open(Map<String, String> settings);

    /** Opened client streams; {@link #close()} releases their connections. */
    interface Streams extends ClientStreams, AutoCloseable {
        @Override
        void close();
    }
}
