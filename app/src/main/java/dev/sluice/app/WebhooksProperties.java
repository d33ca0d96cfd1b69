package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/**
 * Settings of every {@code webhook} route, under {@value #PREFIX}; handed to the webhook sink plugin as its
 * Sluice-wide settings ({@link dev.sluice.ports.spi.SinkPlugin#configure}).
 */
@ConfigurationProperties(WebhooksProperties.PREFIX)
public class WebhooksProperties {

    public static final String PREFIX = "sluice.webhooks";

    private List<String> allowedNetworks = List.of();

    /**
     * Networks (CIDRs such as {@code 127.0.0.0/8} or {@code ::1/128}) that every webhook route may reach although
     * the target rule refuses them (loopback, private, link-local, …). None by default; the scenario S1 allows
     * loopback for its demo receivers.
     */
    public List<String> getAllowedNetworks() {
        return allowedNetworks;
    }

    public void setAllowedNetworks(List<String> allowedNetworks) {
        this.allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    }

    /** The settings as the plugin reads them: each as text, a list joined by commas. */
    java.util.Map<String, String> settings() {
        return allowedNetworks.isEmpty() ? java.util.Map.of()
                : java.util.Map.of("allowed-networks", String.join(",", allowedNetworks));
    }
}
