package dev.sluice.domain.route;

import dev.sluice.ports.spi.PushSink;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a push route delivers: one sink, every one of several (fan-out), or the first of several
 * that takes the event (fallback). Outputs nest, so a fan-out can hold fallbacks, as in the S2 bridge
 * (Kafka, else an AMQP dead-letter address; and AMQP, else a Kafka dead-letter topic).
 */
public sealed interface Output {

    /** The destination as the console and the logs show it, without credentials. */
    String describe();

    /** Every sink in this output tree, for closing. */
    List<PushSink> sinks();

    /**
     * One sink.
     *
     * @param label short name of this output in logs and the attempt journal, such as {@code log FOO}
     * @param retry attempts and backoff at this sink; null means a single attempt (a fallback then
     *              takes over at once)
     */
    record To(String label, PushSink sink, RetryPolicy retry) implements Output {
        public To {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(sink, "sink");
        }

        @Override
        public String describe() {
            return sink.describe();
        }

        @Override
        public List<PushSink> sinks() {
            return List.of(sink);
        }
    }

    /** Every output gets every event; the event counts as delivered only when all of them took it. */
    record FanOut(List<Output> outputs) implements Output {
        public FanOut {
            outputs = checked("fan-out", outputs);
        }

        @Override
        public String describe() {
            return "fan-out[" + outputs.stream().map(Output::describe).collect(Collectors.joining(", ")) + "]";
        }

        @Override
        public List<PushSink> sinks() {
            return outputs.stream().flatMap(o -> o.sinks().stream()).toList();
        }
    }

    /** The first output is the primary; an event it fails to take goes to the next, and so on. */
    record Fallback(List<Output> outputs) implements Output {
        public Fallback {
            outputs = checked("fallback", outputs);
        }

        @Override
        public String describe() {
            return "fallback[" + outputs.stream().map(Output::describe).collect(Collectors.joining(" -> ")) + "]";
        }

        @Override
        public List<PushSink> sinks() {
            return outputs.stream().flatMap(o -> o.sinks().stream()).toList();
        }
    }

    private static List<Output> checked(String kind, List<Output> outputs) {
        if (outputs == null || outputs.size() < 2) {
            throw new IllegalArgumentException(kind + " needs at least two outputs");
        }
        return List.copyOf(outputs);
    }
}
