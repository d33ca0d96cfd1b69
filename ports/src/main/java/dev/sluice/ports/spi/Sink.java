package dev.sluice.ports.spi;

/**
 * Where a route delivers. A {@link PushSink} is driven by a consumer group that Sluice runs (a
 * webhook); a {@link PullSink} is attached to by clients on demand (Server-Sent Events).
 */
public sealed interface Sink permits PushSink, PullSink {}
