package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The bookstore of scenario S4 (its simulator, for now), under {@value #PREFIX}. */
@ConfigurationProperties(BookstoreProperties.PREFIX)
public class BookstoreProperties {

    public static final String PREFIX = "sluice.bookstore";

    private boolean enabled;
    private String topicPrefix = "";
    private Duration ackTimeout = Duration.ofSeconds(30);

    /** Serve /api/simulator. Default false; the demo environment turns it on. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Put before the bookstore's topic names (book, customer, interaction, ...). Default none. */
    public String getTopicPrefix() {
        return topicPrefix;
    }

    public void setTopicPrefix(String topicPrefix) {
        this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    /** How long the simulator waits for the log to acknowledge a batch before the run ends. Default 30s. */
    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }
}
