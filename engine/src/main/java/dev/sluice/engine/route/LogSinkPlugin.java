package dev.sluice.engine.route;

import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sink {@code log}: options {@code topic} (required) and {@code timeout}. Writes to the broker Sluice
 * runs on. By default an attempt waits for the log's own answer, which comes within the broker's
 * {@code ack-timeout}: a shorter {@code timeout} could give up on a record the producer still writes,
 * and a fallback would then deliver it a second time.
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
    public Set<String> options() {
        return Set.of("topic", "timeout");
    }

    @Override
    public Sink open(Map<String, String> options) {
        return new LogSink(log, options.get("topic"), Options.duration(options, "timeout", "2m"));
    }
}
