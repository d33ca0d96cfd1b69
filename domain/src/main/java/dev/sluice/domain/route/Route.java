package dev.sluice.domain.route;

import dev.sluice.ports.spi.PullSink;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.Sink;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A declared route: read {@code topic}, run {@code pipeline}, deliver to {@code sink}.
 *
 * @param name     unique name; for a pull route it is also the SSE path segment
 * @param topic    the topic it reads
 * @param group    consumer group of a push route (its committed position); informative for pull routes
 * @param pipeline processors applied to each event
 * @param sink     where events go
 * @param retry    retry policy of a push route
 */
public record Route(String name, String topic, String group, Pipeline pipeline, Sink sink, RetryPolicy retry) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public Route {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("route name '" + name
                    + "' must match " + NAME.pattern());
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("route '" + name + "' needs 'from' (a topic)");
        }
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(sink, "sink");
        if (sink instanceof PushSink && (group == null || group.isBlank())) {
            throw new IllegalArgumentException("push route '" + name + "' needs 'group'");
        }
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    public boolean isPush() {
        return sink instanceof PushSink;
    }

    public boolean isPull() {
        return sink instanceof PullSink;
    }

    public PushSink pushSink() {
        return (PushSink) sink;
    }
}
