package dev.sluice.app;

import dev.sluice.ports.spi.BrokerPlugin;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** {@code /health} is DOWN while the broker does not answer, so load balancers stop sending writes. */
@Singleton
final class BrokerHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final BrokerPlugin.Broker broker;
    private final SluiceProperties sluice;

    BrokerHealthIndicator(BrokerPlugin.Broker broker, SluiceProperties sluice,
                          @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.broker = broker;
        this.sluice = sluice;
        this.executorService = executor;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = broker.isAvailable();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("broker", sluice.getBroker(), "available", up);
    }

    @Override
    protected String getName() {
        return "broker";
    }
}
