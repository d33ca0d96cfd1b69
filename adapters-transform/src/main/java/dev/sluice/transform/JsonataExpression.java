package dev.sluice.transform;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.Fn0;
import com.dashjoin.jsonata.Jsonata.Fn2;
import com.dashjoin.jsonata.Jsonata.Frame;

/**
 * A JSONata expression that is parsed once and can be evaluated from many threads at the same time.
 *
 * <p>These notes are about jsonata-java 0.9.8, and we checked them against its bytecode.
 * {@code Jsonata.evaluate(input)} is NOT safe to call from several threads: with no frame it binds
 * {@code $$} (the root input) into the expression's own shared environment, so under load
 * {@code $$.id = id} sees another event's input. Other per-evaluation state goes into a per-thread
 * copy that the library keeps in a static ThreadLocal ({@code Jsonata.current}). The thread that
 * parsed an expression uses the parsed instance itself as its copy, and evaluating on that thread
 * overwrites the shared {@code environment} field.
 *
 * <p>So this class:
 * <ul>
 *   <li>evaluates with a fresh frame each call ({@code evaluate(input, createFrame())}), which
 *       binds {@code $$} in a child frame of its own;</li>
 *   <li>parses a throwaway expression right after parsing, so the shared instance stops being the
 *       creating thread's per-thread copy;</li>
 *   <li>binds {@code $now()} and {@code $millis()} in that frame. The built-in ones read the
 *       timestamp of the per-thread copy, which is set when that copy is made, so on a pooled
 *       thread they return a stale time.</li>
 * </ul>
 * After parsing, the shared instance is only read.
 */
final class JsonataExpression {

    private final String source;
    private final Jsonata compiled;

    private JsonataExpression(String source, Jsonata compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /**
     * @param step the step name, for the error message
     * @throws IllegalArgumentException naming the expression and the error, when it does not parse
     */
    static JsonataExpression parse(String step, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException(step + ": a JSONata expression is required, got '"
                    + (expression == null ? "" : expression) + "'");
        }
        Jsonata compiled;
        try {
            compiled = Jsonata.jsonata(expression);
        } catch (JException e) {
            throw new IllegalArgumentException(step + ": invalid JSONata expression '" + expression + "': "
                    + e.getMessage() + " (position " + e.getLocation() + ")", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(step + ": invalid JSONata expression '" + expression + "': "
                    + e.getMessage(), e);
        }
        // The constructor made `compiled` this thread's per-thread copy. Parse something else so
        // that nothing evaluates with the shared instance as its mutable state (see class comment).
        Jsonata.jsonata("$");
        return new JsonataExpression(expression, compiled);
    }

    String source() {
        return source;
    }

    /**
     * Evaluates against plain Java JSON values.
     *
     * @return the result, with Java {@code null} for both JSONata undefined and JSON null (the
     *     library turns its internal null marker back into {@code null})
     * @throws RuntimeException what the library throws on a runtime error (JException, or others
     *     such as NumberFormatException from {@code $number('x')}); callers wrap it
     */
    Object evaluate(Object input) {
        Frame frame = compiled.createFrame();
        long now = System.currentTimeMillis();
        frame.bind("now", Jsonata.function("now",
                (Fn2<String, String, String>) (picture, timezone) -> Functions.dateTimeFromMillis(now, picture, timezone),
                "<s?s?:s>"));
        frame.bind("millis", Jsonata.function("millis", (Fn0<Long>) () -> now, "<:n>"));
        return compiled.evaluate(input, frame);
    }

    /**
     * Evaluates against an event's JSON payload for pipeline step {@code step}.
     *
     * @throws dev.sluice.ports.spi.Processor.ProcessingException when the payload is not JSON or the
     *     expression fails on it
     */
    Object evaluateOn(dev.sluice.ports.event.EventEnvelope event, String step) {
        Object input = Json.readPlain(event, step);
        try {
            return evaluate(input);
        } catch (RuntimeException e) {
            throw new dev.sluice.ports.spi.Processor.ProcessingException(step + ": expression '" + source
                    + "' failed on event " + event.id() + ": " + e.getMessage(), e);
        }
    }

    /** JSONata's truthiness ({@code $boolean}): false for undefined/null, false, "", 0, [], {} and arrays of only falsy values. */
    static boolean isTruthy(Object value) {
        return Jsonata.boolize(value);
    }

    @Override
    public String toString() {
        return source;
    }
}
