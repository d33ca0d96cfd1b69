package dev.sluice.transform;

import dev.sluice.ports.spi.ExpressionLanguage;
import java.util.function.Function;

/** JSONata as the expression language of declarations (views), with {@link JsonataExpression}'s thread safety. */
public final class JsonataLanguage implements ExpressionLanguage {

    public JsonataLanguage() {
    }

    @Override
    public Function<Object, Object> compile(String where, String expression) {
        JsonataExpression compiled = JsonataExpression.parse(where, expression);
        return new Function<>() {
            @Override
            public Object apply(Object input) {
                return compiled.evaluate(input);
            }

            @Override
            public String toString() {
                return compiled.source();
            }
        };
    }

    @Override
    public boolean isTruthy(Object value) {
        return JsonataExpression.isTruthy(value);
    }
}
