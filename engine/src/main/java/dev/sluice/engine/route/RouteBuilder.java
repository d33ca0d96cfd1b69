package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import java.util.Map;

/**
 * Makes a route from its definition: the keys of a route in configuration ({@code from}, {@code pipeline},
 * {@code to}, {@code options}, {@code fan-out}, …) as JSON-like values, resolving plugin names. The app
 * provides it (it knows the plugins), and the same code reads the routes of configuration, so a mistake
 * reads the same in both.
 */
@FunctionalInterface
public interface RouteBuilder {

    /**
     * @throws RouteDefinitionException naming the first mistake and where it is
     */
    Route build(String name, Map<String, Object> definition);
}
