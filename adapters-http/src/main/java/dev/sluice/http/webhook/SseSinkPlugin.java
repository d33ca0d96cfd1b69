package dev.sluice.http.webhook;

import dev.sluice.ports.spi.PullSink;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import java.util.Map;

/** Sink {@code sse}: clients attach at {@code /<route>/stream}; no consumer group runs. */
public final class SseSinkPlugin implements SinkPlugin {

    @Override
    public String name() {
        return "sse";
    }

    @Override
    public java.util.Set<String> options() {
        return java.util.Set.of();
    }

    @Override
    public Sink open(Map<String, String> options) {
        return new PullSink("Server-Sent Events");
    }
}
