package dev.sluice.ports.spi;

/** A sink clients attach to (SSE): Sluice reads the log for its subscribers, no consumer group runs. */
public record PullSink(String description) implements Sink {}
