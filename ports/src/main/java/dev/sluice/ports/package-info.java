/**
 * The protocol between Sluice's core (the domain's rules and the engine that runs them) and its
 * adapters: inbound use cases ({@code in}), outbound needs ({@code out}), the event envelope
 * ({@code event}) and the plugin SPI ({@code spi}). Pure Java: nothing here may import a framework
 * or a broker client.
 */
package dev.sluice.ports;
