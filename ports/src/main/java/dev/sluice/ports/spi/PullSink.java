package dev.sluice.ports.spi;

/** A sink clients attach to (SSE): Sluice reads the log for each subscriber, no consumer group runs. */
public record PullSink(String description) implements Sink {}
