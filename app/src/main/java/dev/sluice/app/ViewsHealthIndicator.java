package dev.sluice.app;

import dev.sluice.engine.view.ViewService;
import dev.sluice.ports.out.StreamingViews;
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
 * Readiness ({@code /health/readiness}, and {@code /health}) of the views (S4): UP while their runtime runs
 * or catches up (with the lag per source topic), DOWN when it stopped on an error; absent in meaning when
 * no view is declared (NOT_RUNNING is then UP).
 */
@Singleton
@Readiness
final class ViewsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ViewService views;

    ViewsHealthIndicator(ViewService views, @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.views = views;
        this.executorService = executor;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        StreamingViews.Status status = views.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", status.state());
        if (status.detail() != null) {
            details.put("detail", status.detail());
        }
        if (!status.lag().isEmpty()) {
            details.put("lag", status.lag());
        }
        healthStatus = switch (status.state()) {
            case "ERROR", "PENDING_ERROR" -> HealthStatus.DOWN;
            default -> HealthStatus.UP;
        };
        return details;
    }

    @Override
    protected String getName() {
        return "views";
    }
}
