package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** How the views of {@code sluice.views} run (scenario S4), under {@value #PREFIX}. */
@ConfigurationProperties(AnalyticsProperties.PREFIX)
public class AnalyticsProperties {

    public static final String PREFIX = "sluice.analytics";

    private String applicationId = "sluice-views";
    private String changesTopicPrefix = "sluice.view.";
    private Duration windowRetention = Duration.ofDays(7);

    /**
     * The Kafka Streams application id of the views: their consumer group and the prefix of their internal
     * topics. Instances with the same id share the work and the state. Default sluice-views.
     */
    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    /** A view without {@code to} writes its changes to this prefix and its name. Default sluice.view. */
    public String getChangesTopicPrefix() {
        return changesTopicPrefix;
    }

    public void setChangesTopicPrefix(String changesTopicPrefix) {
        this.changesTopicPrefix = changesTopicPrefix;
    }

    /** How long, in event time, windows stay queryable (at least their size plus grace). Default 7d. */
    public Duration getWindowRetention() {
        return windowRetention;
    }

    public void setWindowRetention(Duration windowRetention) {
        this.windowRetention = windowRetention;
    }
}
