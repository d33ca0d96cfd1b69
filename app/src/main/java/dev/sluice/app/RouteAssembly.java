package dev.sluice.app;

import dev.sluice.domain.route.Output;
import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.domain.route.Route;
import dev.sluice.engine.route.RouteBuilder;
import dev.sluice.engine.route.RouteDefinitionException;
import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.PullSink;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.Source;
import io.micronaut.context.env.Environment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Turns a route's definition into a domain {@link Route}, resolving plugin names and the nested
 * {@code fan-out} / {@code fallback} outputs. The one way routes are read: a route of configuration
 * ({@link RouteProperties#definition()}) and a route made at run time (the body of {@code POST /api/routes},
 * JSON or YAML) go through the same steps and get the same messages. Each mistake is a
 * {@link RouteDefinitionException} naming the route and the key, and pointing at it in the definition
 * ({@code /fan-out/0/options/url}); at start-up it fails start-up with the same message.
 *
 * <p>The two differ only in where a route is said to be ({@code route 'erp' (sluice.routes.erp)} or
 * {@code route 'erp'}) and in placeholders: configuration resolves {@code ${…}} in option values, a route
 * made at run time refuses them, since resolving them would let whoever may call the API send any
 * environment variable (a password, the token secret) to a destination of their choosing.
 */
final class RouteAssembly implements RouteBuilder {

    private static final Set<String> ROUTE_KEYS = Set.of("from", "group", "to", "options", "pipeline", "source",
            "source-options", "concurrency", "retry", "fan-out", "fallback");
    private static final Set<String> OUTPUT_KEYS = Set.of("name", "to", "options", "retry", "fan-out", "fallback");
    private static final Set<String> RETRY_KEYS = Set.of("base-delay", "max-delay", "max-retries", "max-attempts",
            "max-retry-after");

    private final PluginRegistry plugins;
    private final Function<String, String> whereOf;
    private final Placeholders placeholders;

    /** What becomes of an option value: resolved, or refused with a message (thrown as IllegalArgumentException). */
    @FunctionalInterface
    interface Placeholders {
        String apply(String path, String value);
    }

    private RouteAssembly(PluginRegistry plugins, Function<String, String> whereOf, Placeholders placeholders) {
        this.plugins = plugins;
        this.whereOf = whereOf;
        this.placeholders = placeholders;
    }

    /** Routes of configuration: placeholders in option values are resolved. */
    static RouteAssembly ofConfiguration(PluginRegistry plugins, Environment env) {
        UnaryOperator<String> resolver = env.getPlaceholderResolver()::resolveRequiredPlaceholders;
        return new RouteAssembly(plugins, name -> "route '" + name + "' (sluice.routes." + name + ")",
                (path, value) -> resolver.apply(value));
    }

    /** Routes made at run time: values are taken as written, and a placeholder is refused. */
    static RouteAssembly atRunTime(PluginRegistry plugins) {
        return new RouteAssembly(plugins, name -> "route '" + name + "'", (path, value) -> {
            if (value.contains("${")) {
                throw new IllegalArgumentException("'" + path + "' holds a placeholder (${…}): placeholders are"
                        + " resolved only in configuration files; a route made at run time takes every value as written");
            }
            return value;
        });
    }

    /** Every route of configuration, by name; the first mistake fails start-up. */
    static List<Route> routes(List<RouteProperties> declared, PluginRegistry plugins, Environment env) {
        return routes(declared, Map.of(), plugins, env);
    }

    /**
     * Every route of configuration and the routes a scenario makes from its settings ({@code more}: S4's CDC
     * routes), by name; the first mistake fails start-up, and so does a name given twice.
     */
    static List<Route> routes(List<RouteProperties> declared, Map<String, Map<String, Object>> more,
                              PluginRegistry plugins, Environment env) {
        RouteAssembly assembly = ofConfiguration(plugins, env);
        Map<String, Map<String, Object>> all = new java.util.TreeMap<>();
        declared.forEach(p -> all.put(p.getName(), p.definition()));
        more.forEach((name, definition) -> {
            if (all.putIfAbsent(name, definition) != null) {
                throw new IllegalStateException("route '" + name + "' (sluice.routes." + name + ") has the name of a"
                        + " route Sluice makes itself; name it otherwise");
            }
        });
        List<Route> routes = new ArrayList<>();
        all.forEach((name, definition) -> {
            try {
                routes.add(assembly.build(name, definition));
            } catch (RouteDefinitionException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        return routes;
    }

    @Override
    public Route build(String name, Map<String, Object> d) {
        String where = whereOf.apply(name);
        for (String key : d.keySet()) {
            if (!ROUTE_KEYS.contains(key)) {
                throw new RouteDefinitionException(pointer("", key), where + ": unknown key '" + key + "'"
                        + Options.didYouMean(key, ROUTE_KEYS) + "; valid: " + String.join(", ", new TreeSet<>(ROUTE_KEYS)),
                        null);
            }
        }
        Object fanOut = d.get("fan-out");
        Object fallback = d.get("fallback");
        String from = text(d, "from", "", where);
        String group = text(d, "group", "", where);
        String to = text(d, "to", "", where);
        String sourceName = text(d, "source", "", where);
        Map<String, String> retry = at("/retry", d.get("retry"), where, () -> strings(d.get("retry"), "retry"));
        int declaredOutputs = (to != null ? 1 : 0) + (fanOut != null ? 1 : 0) + (fallback != null ? 1 : 0);
        if (declaredOutputs > 1) {
            throw new RouteDefinitionException(fallback != null ? "/fallback" : "/fan-out",
                    where + ": declare one of 'to', 'fan-out' or 'fallback'", null);
        }
        Source source = sourceName == null ? null : openSource(sourceName, where, name, from,
                at("/source-options", d.get("source-options"), where,
                        () -> strings(d.get("source-options"), "source-options")));
        Pipeline pipeline = pipeline(d.get("pipeline"), where);
        int concurrency = at("/concurrency", where, () -> concurrency(text(d, "concurrency", "", where)));
        if (fanOut != null || fallback != null) {
            if (!retry.isEmpty()) {
                throw new RouteDefinitionException("/retry",
                        where + ": 'retry' goes on each output of a fan-out or fallback", null);
            }
            Output output = fanOut != null
                    ? new Output.FanOut(outputs(fanOut, "fan-out", "/fan-out", where))
                    : new Output.Fallback(outputs(fallback, "fallback", "/fallback", where));
            return route(name, where, () -> new Route(name, from, group, source, pipeline, null, output, concurrency));
        }
        Map<String, String> options = at("/options", d.get("options"), where, () -> strings(d.get("options"), "options"));
        Sink sink = openSink(to == null ? "sse" : to, where, where, options, "/to", "/options");
        if (sink instanceof PullSink pull) {
            return route(name, where, () -> new Route(name, from, group, source, pipeline, pull, null, concurrency));
        }
        RetryPolicy policy = at("/retry", retry, where, () -> retry(retry, "retry", RetryPolicy.DEFAULT));
        return route(name, where, () -> new Route(name, from, group, source, pipeline, null,
                new Output.To("to", (PushSink) sink, policy), concurrency));
    }

    /**
     * The route itself, whose own checks (name, {@code from}, {@code group}, {@code concurrency}) point at the
     * key their message names.
     */
    private static Route route(String name, String where, Supplier<Route> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String own = "route '" + name + "': "; // the domain names the route too; once is enough
            message = message.startsWith(own) ? message.substring(own.length()) : message;
            String pointer = message.startsWith("route name") ? "/name"
                    : keyPointer("", message, List.of("from", "group", "concurrency", "source"), "");
            throw new RouteDefinitionException(pointer, where + ": " + message, e);
        }
    }

    /**
     * Runs one step of the assembly, turning what it throws into a mistake at {@code pointer}: an
     * IllegalArgumentException (a plugin or a rule refusing a value) is prefixed with where the route is,
     * an IllegalStateException (a plugin name nobody provides) already names the route.
     */
    private static <T> T at(String pointer, String where, Supplier<T> step) {
        return at(pointer, null, where, step);
    }

    /**
     * As {@link #at(String, String, Supplier)} for a step that reads the map {@code node}: a mistake that
     * quotes one of its keys points at that key ({@code /retry/max-atempts}).
     */
    private static <T> T at(String pointer, Object node, String where, Supplier<T> step) {
        try {
            return step.get();
        } catch (RouteDefinitionException e) {
            throw e;
        } catch (IllegalArgumentException | ClassCastException | IllegalStateException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            String at = node instanceof Map<?, ?> map
                    ? keyPointer(pointer, message, map.keySet().stream().map(String::valueOf).toList(), pointer)
                    : pointer;
            throw new RouteDefinitionException(at, e instanceof IllegalStateException ? naming(where, message)
                    : where + ": " + message, e);
        }
    }

    /** {@code message}, led by where the route is unless it names it already (a plugin lookup does). */
    private static String naming(String where, String message) {
        return message != null && message.contains(where) ? message : where + ": " + message;
    }

    /** The route's {@code concurrency}, 1 when not given; {@link Route} checks its range. */
    private static int concurrency(String text) {
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'concurrency' must be a whole number, was '" + text + "'");
        }
    }

    private List<Output> outputs(Object node, String path, String pointer, String where) {
        if (!(node instanceof List<?> list)) {
            throw new RouteDefinitionException(pointer, where + ": '" + path + "' must be a list of outputs", null);
        }
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(output(list.get(i), path + "[" + i + "]", pointer + "/" + i, where));
        }
        return out;
    }

    private Output output(Object node, String path, String pointer, String where) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new RouteDefinitionException(pointer, where + ": '" + path
                    + "' must be an output such as {to: log, options: {topic: FOO}}", null);
        }
        for (Object key : map.keySet()) {
            if (!OUTPUT_KEYS.contains(String.valueOf(key))) {
                throw new RouteDefinitionException(pointer(pointer, String.valueOf(key)), where + ": '" + path
                        + "' has unknown key '" + key + "'" + Options.didYouMean(String.valueOf(key), OUTPUT_KEYS)
                        + "; valid: " + String.join(", ", new TreeSet<>(OUTPUT_KEYS)), null);
            }
        }
        if (map.containsKey("fan-out")) {
            return new Output.FanOut(outputs(map.get("fan-out"), path + ".fan-out", pointer + "/fan-out", where));
        }
        if (map.containsKey("fallback")) {
            return new Output.Fallback(outputs(map.get("fallback"), path + ".fallback", pointer + "/fallback", where));
        }
        Object to = map.get("to");
        if (to == null) {
            throw new RouteDefinitionException(pointer, where + ": '" + path
                    + "' needs 'to' (a sink), 'fan-out' or 'fallback'", null);
        }
        Map<String, String> options = at(pointer + "/options", map.get("options"), where,
                () -> strings(map.get("options"), path + ".options"));
        Sink sink = openSink(String.valueOf(to), "'" + path + "'", where, options, pointer + "/to", pointer + "/options");
        if (!(sink instanceof PushSink push)) {
            throw new RouteDefinitionException(pointer + "/to", where + ": '" + path + "': sink '" + to
                    + "' cannot be a fan-out or fallback output", null);
        }
        Map<String, String> retry = at(pointer + "/retry", map.get("retry"), where,
                () -> strings(map.get("retry"), path + ".retry"));
        Object name = map.get("name");
        return new Output.To(name == null ? push.describe() : String.valueOf(name), push,
                retry.isEmpty() ? null : at(pointer + "/retry", retry, where,
                        () -> retry(retry, path + ".retry", RetryPolicy.DEFAULT)));
    }

    /**
     * Opens a sink, pointing a mistake at {@code toPointer} (no such sink) or at the option its message names
     * under {@code optionsPointer}.
     *
     * @param owner how the plugin names the place in its messages ({@code route 'x' (…)} or {@code 'fan-out[0]'})
     */
    private Sink openSink(String name, String owner, String where, Map<String, String> options, String toPointer,
                          String optionsPointer) {
        Set<String> declared = at(toPointer, where, () -> plugins.sinkOptions(name, owner));
        return optionStep(optionsPointer, where, options, declared, () -> plugins.openSink(name, owner, options));
    }

    private Source openSource(String name, String where, String route, String address, Map<String, String> options) {
        Set<String> declared = at("/source", where, () -> plugins.sourceOptions(name, where));
        return optionStep("/source-options", where, options, declared,
                () -> plugins.openSource(name, where, route, address, options));
    }

    /** A plugin's {@code open}: its mistakes point at the option they name, else at the options as a whole. */
    private static <T> T optionStep(String optionsPointer, String where, Map<String, String> options,
                                    Set<String> declared, Supplier<T> open) {
        try {
            return open.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            Set<String> names = new TreeSet<>(options.keySet());
            if (declared != null) {
                names.addAll(declared);
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new RouteDefinitionException(keyPointer(optionsPointer, message, names, optionsPointer),
                    e instanceof IllegalStateException ? naming(where, message) : where + ": " + message, e);
        }
    }

    /**
     * The pointer to the first of {@code keys} that {@code message} quotes ({@code 'url'}, or at the end of a
     * quoted path, {@code 'options.url'}), else {@code otherwise}.
     */
    private static String keyPointer(String base, String message, Collection<String> keys, String otherwise) {
        int first = Integer.MAX_VALUE;
        String found = null;
        for (String key : keys) {
            int quoted = message.indexOf("'" + key + "'");
            int inPath = message.indexOf("." + key + "'"); // 'fan-out[0].options.url'
            int at = quoted < 0 ? inPath : inPath < 0 ? quoted : Math.min(quoted, inPath);
            if (at >= 0 && at < first) {
                first = at;
                found = key;
            }
        }
        return found == null ? otherwise : pointer(base, found);
    }

    /** {@code base} and one more reference token, escaped as RFC 6901 says. */
    private static String pointer(String base, String key) {
        return base + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** A top-level value that must be one piece of text (numbers and booleans are taken as written), or null. */
    private static String text(Map<String, Object> d, String key, String base, String where) {
        Object value = d.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            throw new RouteDefinitionException(pointer(base, key), where + ": '" + key
                    + "' must be a single value, not a list or a map", null);
        }
        return String.valueOf(value);
    }

    /**
     * A map of options as strings, each value through {@link #placeholders}; a nested map's entries are options
     * named with dots ({@code header: {X-Tenant: acme}} is {@code header.X-Tenant}), as configuration binds them.
     */
    private Map<String, String> strings(Object node, String path) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("'" + path + "' must be a map");
        }
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", map, path, out);
        return out;
    }

    private void flatten(String prefix, Map<?, ?> map, String path, Map<String, String> out) {
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, path, out);
                return;
            }
            if (v instanceof Collection<?>) {
                throw new IllegalArgumentException("'" + path + "." + key + "' must be a single value, not a list");
            }
            if (v != null) {
                out.put(key, placeholders.apply(path + "." + key, String.valueOf(v)));
            }
        });
    }

    private static RetryPolicy retry(Map<String, String> s, String path, RetryPolicy defaults) {
        if (s.isEmpty()) {
            return defaults;
        }
        for (String key : s.keySet()) {
            if (!RETRY_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + path + "' has unknown key '" + key + "'"
                        + Options.didYouMean(key, RETRY_KEYS) + "; valid: " + String.join(", ", new TreeSet<>(RETRY_KEYS)));
            }
        }
        if (s.containsKey("max-retries") && s.containsKey("max-attempts")) {
            throw new IllegalArgumentException("'" + path + "': give max-retries or max-attempts, not both");
        }
        int attempts = s.containsKey("max-retries") ? Options.integer(s, "max-retries", 0, 0) + 1
                : Options.integer(s, "max-attempts", defaults.maxAttempts(), 1);
        return new RetryPolicy(
                s.containsKey("base-delay") ? Options.duration(s, "base-delay", "0ms") : defaults.baseDelay(),
                s.containsKey("max-delay") ? Options.duration(s, "max-delay", "0ms") : defaults.maxDelay(),
                attempts,
                s.containsKey("max-retry-after") ? Options.duration(s, "max-retry-after", "0ms") : defaults.maxRetryAfter());
    }

    private Pipeline pipeline(Object node, String where) {
        if (node == null) {
            return Pipeline.EMPTY;
        }
        if (!(node instanceof List<?> list)) {
            throw new RouteDefinitionException("/pipeline", where
                    + ": 'pipeline' must be a list of steps such as - filter: \"price > 10\"", null);
        }
        List<Processor> steps = new ArrayList<>();
        List<String> description = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> step) || step.size() != 1) {
                throw new RouteDefinitionException("/pipeline/" + i, where
                        + ": each pipeline step is one 'name: argument' pair, was "
                        + (list.get(i) instanceof Map<?, ?> m ? m.keySet() : String.valueOf(list.get(i))), null);
            }
            Map.Entry<?, ?> e = step.entrySet().iterator().next();
            String processor = String.valueOf(e.getKey());
            String argument = e.getValue() == null ? "" : String.valueOf(e.getValue());
            String pointer = pointer("/pipeline/" + i, processor);
            steps.add(at(pointer, where, () -> plugins.processor(processor, where).create(argument)));
            description.add(processor + (argument.isEmpty() ? "" : ": " + argument));
        }
        return new Pipeline(steps, description);
    }
}
