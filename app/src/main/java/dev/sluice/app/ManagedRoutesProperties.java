package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Routes made at run time ({@code /api/routes}), under {@value #PREFIX}. */
@ConfigurationProperties(ManagedRoutesProperties.PREFIX)
public class ManagedRoutesProperties {

    public static final String PREFIX = "sluice.managed-routes";

    private String topic = "sluice.routes";
    private Duration timeout = Duration.ofSeconds(15);

    /**
     * The topic of Sluice's own log that keeps them (newest record per route name, for ever); instances that
     * share it share their routes. Default sluice.routes.
     */
    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /**
     * How long a change waits for the log to store it and for this instance to apply it before it answers
     * 503; also how long start-up waits to have read the stored routes. Default 15s.
     */
    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
