package dev.sluice.app;

import dev.sluice.domain.route.Output;
import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.domain.route.Route;
import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.PullSink;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.Source;
import io.micronaut.context.env.Environment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the declared {@link RouteProperties} into domain {@link Route}s, resolving plugin names and the
 * nested {@code fan-out} / {@code fallback} outputs. Every mistake fails start-up with the route's name
 * and the configuration key.
 */
final class RouteAssembly {

    private static final Set<String> OUTPUT_KEYS = Set.of("name", "to", "options", "retry", "fan-out", "fallback");
    private static final Set<String> RETRY_KEYS = Set.of("base-delay", "max-delay", "max-retries", "max-attempts",
            "max-retry-after");

    private RouteAssembly() {}

    static List<Route> routes(List<RouteProperties> declared, PluginRegistry plugins, Environment env) {
        List<Route> routes = new ArrayList<>();
        for (RouteProperties p : declared.stream().sorted(Comparator.comparing(RouteProperties::getName)).toList()) {
            String where = "route '" + p.getName() + "' (sluice.routes." + p.getName() + ")";
            try {
                routes.add(route(p, plugins, env, where));
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        return routes;
    }

    private static Route route(RouteProperties p, PluginRegistry plugins, Environment env, String where) {
        Object fanOut = p.getFanOut();
        Object fallback = p.getFallback();
        Map<String, String> retry = p.getRetry();
        int declaredOutputs = (p.getTo() != null ? 1 : 0) + (fanOut != null ? 1 : 0) + (fallback != null ? 1 : 0);
        if (declaredOutputs > 1) {
            throw new IllegalArgumentException("declare one of 'to', 'fan-out' or 'fallback'");
        }
        Source source = p.getSource() == null ? null
                : plugins.openSource(p.getSource(), where, p.getFrom(), p.getSourceOptions());
        Pipeline pipeline = pipeline(p, plugins, where);
        int concurrency = concurrency(p.getConcurrency());
        if (fanOut != null || fallback != null) {
            if (!retry.isEmpty()) {
                throw new IllegalArgumentException("'retry' goes on each output of a fan-out or fallback");
            }
            Output output = fanOut != null
                    ? new Output.FanOut(outputs(fanOut, "fan-out", plugins, env))
                    : new Output.Fallback(outputs(fallback, "fallback", plugins, env));
            return new Route(p.getName(), p.getFrom(), p.getGroup(), source, pipeline, null, output, concurrency);
        }
        Sink sink = plugins.openSink(p.getTo() == null ? "sse" : p.getTo(), where, p.getOptions());
        if (sink instanceof PullSink pull) {
            return new Route(p.getName(), p.getFrom(), p.getGroup(), source, pipeline, pull, null, concurrency);
        }
        RetryPolicy policy = retry(retry, "retry", RetryPolicy.DEFAULT);
        return new Route(p.getName(), p.getFrom(), p.getGroup(), source, pipeline, null,
                new Output.To("to", (PushSink) sink, policy), concurrency);
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

    private static List<Output> outputs(Object node, String path, PluginRegistry plugins, Environment env) {
        if (!(node instanceof List<?> list)) {
            throw new IllegalArgumentException("'" + path + "' must be a list of outputs");
        }
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(output(list.get(i), path + "[" + i + "]", plugins, env));
        }
        return out;
    }

    private static Output output(Object node, String path, PluginRegistry plugins, Environment env) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("'" + path + "' must be an output such as {to: log, options: {topic: FOO}}");
        }
        for (Object key : map.keySet()) {
            if (!OUTPUT_KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("'" + path + "' has unknown key '" + key + "'"
                        + Options.didYouMean(String.valueOf(key), OUTPUT_KEYS) + "; valid: "
                        + String.join(", ", new java.util.TreeSet<>(OUTPUT_KEYS)));
            }
        }
        if (map.containsKey("fan-out")) {
            return new Output.FanOut(outputs(map.get("fan-out"), path + ".fan-out", plugins, env));
        }
        if (map.containsKey("fallback")) {
            return new Output.Fallback(outputs(map.get("fallback"), path + ".fallback", plugins, env));
        }
        Object to = map.get("to");
        if (to == null) {
            throw new IllegalArgumentException("'" + path + "' needs 'to' (a sink), 'fan-out' or 'fallback'");
        }
        Map<String, String> options = strings(map.get("options"), path + ".options", env);
        Sink sink = plugins.openSink(String.valueOf(to), "'" + path + "'", options);
        if (!(sink instanceof PushSink push)) {
            throw new IllegalArgumentException("'" + path + "': sink '" + to + "' cannot be a fan-out or fallback output");
        }
        Map<String, Object> retry = new LinkedHashMap<>(strings(map.get("retry"), path + ".retry", env));
        Object name = map.get("name");
        return new Output.To(name == null ? push.describe() : String.valueOf(name), push,
                retry.isEmpty() ? null : retry(retry, path + ".retry", RetryPolicy.DEFAULT));
    }

    /** A nested map of options as strings, with configuration placeholders resolved. */
    private static Map<String, String> strings(Object node, String path, Environment env) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("'" + path + "' must be a map");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                out.put(String.valueOf(k), env.getPlaceholderResolver().resolveRequiredPlaceholders(String.valueOf(v)));
            }
        });
        return out;
    }

    private static RetryPolicy retry(Map<String, ?> settings, String path, RetryPolicy defaults) {
        if (settings.isEmpty()) {
            return defaults;
        }
        Map<String, String> s = new LinkedHashMap<>();
        settings.forEach((k, v) -> s.put(k, String.valueOf(v)));
        for (String key : s.keySet()) {
            if (!RETRY_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + path + "' has unknown key '" + key + "'"
                        + Options.didYouMean(key, RETRY_KEYS) + "; valid: "
                        + String.join(", ", new java.util.TreeSet<>(RETRY_KEYS)));
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

    private static Pipeline pipeline(RouteProperties p, PluginRegistry plugins, String where) {
        List<Processor> steps = new ArrayList<>();
        List<String> description = new ArrayList<>();
        for (Map<String, String> step : p.getPipeline()) {
            if (step.size() != 1) {
                throw new IllegalStateException(where + ": each pipeline step is one 'name: argument' pair, was "
                        + step.keySet());
            }
            Map.Entry<String, String> e = step.entrySet().iterator().next();
            String argument = e.getValue() == null ? "" : String.valueOf(e.getValue());
            steps.add(plugins.processor(e.getKey(), where).create(argument));
            description.add(e.getKey() + (argument.isEmpty() ? "" : ": " + argument));
        }
        return new Pipeline(steps, description);
    }
}
