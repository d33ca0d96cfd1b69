package dev.sluice.transform;

import com.dashjoin.jsonata.Jsonata;
import dev.sluice.ports.spi.Processor;

/**
 * A JSONata expression, parsed once at start-up so that a syntax error fails there. Evaluation uses
 * one parsed copy per thread: a {@code Jsonata} instance keeps evaluation state and is not safe to
 * share between threads.
 */
final class Expression {

    private final String text;
    private final ThreadLocal<Jsonata> perThread;

    Expression(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a JSONata expression is required");
        }
        this.text = text;
        Jsonata first = parse(text);
        this.perThread = ThreadLocal.withInitial(() -> parse(text));
        this.perThread.set(first);
    }

    private static Jsonata parse(String text) {
        try {
            return Jsonata.jsonata(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JSONata expression '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The result, or null when undefined. */
    Object evaluate(Object input, String eventId) {
        try {
            return perThread.get().evaluate(input);
        } catch (RuntimeException e) {
            throw new Processor.ProcessingException("expression '" + text + "' failed on event " + eventId + ": "
                    + e.getMessage(), e);
        }
    }

    static boolean truthy(Object value) {
        return Jsonata.boolize(value);
    }
}
