package dev.sluice.domain.route;

import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import java.util.Map;
import java.util.Objects;

/**
 * Sink {@code log}: options {@code topic} (required) and {@code timeout} (how long one append may wait
 * for the broker's acknowledgement, default 10s). Writes to the broker Sluice runs on.
 */
public final class LogSinkPlugin implements SinkPlugin {

    private final EventLog log;

    public LogSinkPlugin(EventLog log) {
        this.log = Objects.requireNonNull(log);
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Sink open(Map<String, String> options) {
        return new LogSink(log, options.get("topic"), Options.duration(options, "timeout", "10s"));
    }
}
