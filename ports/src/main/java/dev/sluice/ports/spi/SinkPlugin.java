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
     * This plugin with its Sluice-wide settings applied (the {@code webhook} sink's {@code allowed-networks}, from
     * {@code sluice.webhooks.allowed-networks}), once at start-up before any {@link #open}; the default, for a
     * plugin without settings, is the plugin itself.
     *
     * @param settings the settings that are set, by name, as text (a list joined by commas)
     * @throws IllegalArgumentException when a setting is invalid, naming it but not its value
     */
    default SinkPlugin configure(Map<String, String> settings) {
        return this;
    }

    /**
     * @param options the route's sink options (for a webhook: {@code url}, {@code timeout})
     * @throws IllegalArgumentException when an option is missing or invalid
     */
    Sink open(Map<String, String> options);
}
