package dev.sluice.ports.spi;

import java.util.function.Function;

/**
 * The expression language of declarations (JSONata): view fields such as {@code where}, {@code group-by}
 * and the values of aggregates are compiled once, at start-up, into functions over plain JSON values
 * ({@link dev.sluice.ports.out.JsonCodec}'s types). One implementation, found through
 * {@link java.util.ServiceLoader}.
 */
public interface ExpressionLanguage {

    /**
     * @param where      what the expression is for, named in the error (e.g. {@code sluice.views.x.where})
     * @param expression the source text
     * @return a function that may be called from many threads at once; it returns null for undefined
     *     and throws a RuntimeException when the expression fails on a value
     * @throws IllegalArgumentException naming {@code where} and the error, when the text does not parse
     */
    Function<Object, Object> compile(String where, String expression);

    /** Whether a result counts as true, by the language's rules. */
    boolean isTruthy(Object value);
}
