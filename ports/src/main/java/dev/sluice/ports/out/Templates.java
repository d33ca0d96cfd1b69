package dev.sluice.ports.out;

import java.util.Map;

/** A template engine for notification texts (Mustache). Thread-safe. */
public interface Templates {

    /**
     * Parses {@code source} once.
     *
     * @throws IllegalArgumentException when it is not a valid template (fails start-up, naming the rule)
     */
    Template compile(String name, String source);

    /** A compiled template; rendering is thread-safe. */
    interface Template {
        /** Renders with {@code model}: nested maps and lists of plain JDK values, reached by dotted names. */
        String render(Map<String, Object> model);
    }
}
