/**
 * The plugin SPI: adapters register brokers, sources, processors, sinks, latest-value tables, client
 * streams and mailers by name; the app resolves the names used in configuration and fails start-up
 * when nobody provides one, or when a setting is not among the names the plugin declares. A port with
 * one implementation and no settings ({@link dev.sluice.ports.out.JsonCodec},
 * {@link dev.sluice.ports.out.Templates}) is its own service. A third-party jar adds a plugin with a
 * {@code META-INF/services} entry without touching the core.
 */
package dev.sluice.ports.spi;
