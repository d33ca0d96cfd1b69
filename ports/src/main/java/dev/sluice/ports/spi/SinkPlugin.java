package dev.sluice.ports.spi;

import java.util.Map;

/**
 * Provides a sink under a name used in routes ({@code to: webhook}). Found as a Micronaut bean or
 * through {@link java.util.ServiceLoader}.
 */
public interface SinkPlugin {
    String name();

    /**
     * @param options the route's sink options (for a webhook: {@code url}, {@code timeout})
     * @throws IllegalArgumentException when an option is missing or invalid
     */
    Sink open(Map<String, String> options);
}
