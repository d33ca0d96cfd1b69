package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Top-level settings, under {@value #PREFIX}. */
@ConfigurationProperties(SluiceProperties.PREFIX)
public class SluiceProperties {

    public static final String PREFIX = "sluice";
    public static final String DEFAULT_BROKER = "embedded";

    private String broker = DEFAULT_BROKER;

    /**
     * Which broker carries the log ({@code SLUICE_BROKER}): {@code embedded} (default, an in-process
     * Kafka) or {@code kafka}; plugins may add more. Its settings are under {@code sluice.<broker>}.
     */
    public String getBroker() {
        return broker;
    }

    public void setBroker(String broker) {
        this.broker = broker;
    }
}
