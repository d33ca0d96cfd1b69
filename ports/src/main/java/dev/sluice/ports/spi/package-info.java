/**
 * The plugin SPI: adapters register brokers, processors and sinks by name; the app resolves the
 * names used in configuration and fails start-up when nobody provides one. A third-party jar adds a
 * plugin with a {@code META-INF/services} entry (or as a Micronaut bean) without touching the core.
 */
package dev.sluice.ports.spi;
