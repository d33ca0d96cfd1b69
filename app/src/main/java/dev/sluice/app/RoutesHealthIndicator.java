package dev.sluice.app;

import dev.sluice.ports.in.ObserveRoutes;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Readiness ({@code /health/readiness}, and {@code /health}) is DOWN while a route's consumer waits for
 * its broker or source, naming the route, why it waits and since when. The consumers reconnect by
 * themselves; this only says that deliveries are held up meanwhile.
 */
@Singleton
@Readiness
final class RoutesHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ObserveRoutes routes;

    RoutesHealthIndicator(ObserveRoutes routes, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.routes = routes;
        this.executorService = executor;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> waiting = new LinkedHashMap<>();
        for (ObserveRoutes.RouteView route : routes.routes()) {
            if (route.state().waiting()) {
                waiting.put(route.name(), Map.of("waiting", String.valueOf(route.state().detail()),
                        "since", route.state().since().toString()));
            }
        }
        healthStatus = waiting.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        return waiting.isEmpty() ? Map.of("routes", "every consumer is reading") : waiting;
    }

    @Override
    protected String getName() {
        return "routes";
    }
}
