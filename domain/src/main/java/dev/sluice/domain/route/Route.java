package dev.sluice.domain.route;

import dev.sluice.ports.spi.PullSink;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.Source;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A declared route: read {@code topic} (or an external {@code source}), run {@code pipeline}, then
 * either serve SSE subscribers ({@code pull}) or deliver to {@code output}.
 *
 * @param name     unique name; for a pull route it is also the SSE path segment
 * @param topic    the log topic it reads, or the address of its external source
 * @param group    consumer group of a push route on the log (its committed position)
 * @param source   an external source (an AMQP queue or address), or null to read the log
 * @param pipeline processors applied to each event
 * @param pull     the SSE sink of a pull route, or null for a push route
 * @param output   where a push route delivers, or null for a pull route
 * @param concurrency how many events of one batch a push route delivers at once (events with the same
 *                 key one after another, in order); 1 delivers one at a time, exactly in log order
 */
public record Route(String name, String topic, String group, Source source, Pipeline pipeline, PullSink pull,
                    Output output, int concurrency) {

    /** The most events a push route may deliver at once. */
    public static final int MAX_CONCURRENCY = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public Route {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("route name '" + name
                    + "' must match " + NAME.pattern());
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("route '" + name + "' needs 'from' (a topic or address)");
        }
        Objects.requireNonNull(pipeline, "pipeline");
        if ((pull == null) == (output == null)) {
            throw new IllegalArgumentException("route '" + name + "' needs exactly one of an SSE sink or outputs");
        }
        if (output != null && source == null && (group == null || group.isBlank())) {
            throw new IllegalArgumentException("push route '" + name + "' needs 'group'");
        }
        if (pull != null && source != null) {
            throw new IllegalArgumentException("route '" + name + "': SSE routes read the log; 'source' is for push routes");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("route '" + name + "': 'concurrency' must be between 1 and "
                    + MAX_CONCURRENCY + ", was " + concurrency);
        }
        if (pull != null && concurrency != 1) {
            throw new IllegalArgumentException("route '" + name + "': 'concurrency' is for push routes");
        }
    }

    /** A route that delivers one event at a time. */
    public Route(String name, String topic, String group, Source source, Pipeline pipeline, PullSink pull,
                 Output output) {
        this(name, topic, group, source, pipeline, pull, output, 1);
    }

    /** A route on the log with one sink: SSE, or a push sink tried with {@code retry}. */
    public Route(String name, String topic, String group, Pipeline pipeline, Sink sink, RetryPolicy retry) {
        this(name, topic, group, null, pipeline, sink instanceof PullSink p ? p : null,
                sink instanceof PushSink s ? new Output.To("to", s, retry == null ? RetryPolicy.DEFAULT : retry) : null,
                1);
    }

    public boolean isPush() {
        return output != null;
    }

    public boolean isPull() {
        return pull != null;
    }

    /** Where events come from, as the console and logs show it. */
    public String origin() {
        return source == null ? topic : source.describe();
    }
}
