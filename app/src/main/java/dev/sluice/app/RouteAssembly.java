package dev.sluice.app;

import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.domain.route.Route;
import dev.sluice.ports.spi.Processor;
import io.micronaut.context.env.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the declared {@link RouteProperties} into domain {@link Route}s, resolving plugin names. */
final class RouteAssembly {

    private RouteAssembly() {}

    static List<Route> routes(List<RouteProperties> declared, PluginRegistry plugins, Environment env) {
        List<Route> routes = new ArrayList<>();
        for (RouteProperties p : declared.stream()
                .sorted(java.util.Comparator.comparing(RouteProperties::getName)).toList()) {
            String where = "route '" + p.getName() + "' (sluice.routes." + p.getName() + ")";
            try {
                routes.add(new Route(p.getName(), p.getFrom(), p.getGroup(), pipeline(p, plugins, where),
                        plugins.sink(p.getTo(), where).open(p.getOptions()), retry(p.getName(), env)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        return routes;
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

    private static RetryPolicy retry(String route, Environment env) {
        String prefix = "sluice.routes." + route + ".retry.";
        RetryPolicy d = RetryPolicy.DEFAULT;
        return new RetryPolicy(
                env.getProperty(prefix + "base-delay", Duration.class).orElse(d.baseDelay()),
                env.getProperty(prefix + "max-delay", Duration.class).orElse(d.maxDelay()),
                env.getProperty(prefix + "max-attempts", Integer.class).orElse(d.maxAttempts()),
                env.getProperty(prefix + "max-retry-after", Duration.class).orElse(d.maxRetryAfter()));
    }
}
