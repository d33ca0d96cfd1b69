package dev.sluice.ports.spi;

import java.util.Map;

/**
 * Provides a sink under a name used in routes ({@code to: webhook}). Found through
 * {@link java.util.ServiceLoader}.
 */
public interface SinkPlugin {
    String name();

    /**
     * The option names {@link #open} reads, checked by {@link Options#check} before it is called; a name
     * ending in a dot ({@code client.}) admits every name under it. Null (the default): not declared, no
     * name is refused.
     */
    default java.util.Set<String> options() {
        return null;
    }

    /**
     * @param options the route's sink options (for a webhook: {@code url}, {@code timeout})
     * @throws IllegalArgumentException when an option is missing or invalid
     */
    Sink open(Map<String, String> options);
}
