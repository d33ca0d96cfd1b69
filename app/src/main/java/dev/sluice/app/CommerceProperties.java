package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The commerce domain (scenario S3), under {@code sluice.commerce}. */
@ConfigurationProperties("sluice.commerce")
public class CommerceProperties {

    private boolean enabled;
    private String topicPrefix = "commerce.";
    private String tables = "broker";
    private String redisUri = "redis://127.0.0.1:6379";
    private String redisKeyPrefix = "";
    private Duration ackTimeout = Duration.ofSeconds(10);

    /** Serve /api/organizations, /customers, /orders, /invoices (SLUICE_COMMERCE_ENABLED). Default false. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Topics are {@code <prefix>organizations} and so on. Default {@code commerce.}. */
    public String getTopicPrefix() {
        return topicPrefix;
    }

    public void setTopicPrefix(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /**
     * Where the latest-value tables live: {@code broker} (Kafka Streams state stores on Kafka, Redis
     * hashes on Redis) or {@code redis} (Redis hashes, whatever the broker). Default {@code broker}.
     */
    public String getTables() {
        return tables;
    }

    public void setTables(String tables) {
        this.tables = tables;
    }

    /** Redis for {@code tables=redis} (REDIS_URI). */
    public String getRedisUri() {
        return redisUri;
    }

    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public String getRedisKeyPrefix() {
        return redisKeyPrefix;
    }

    public void setRedisKeyPrefix(String redisKeyPrefix) {
        this.redisKeyPrefix = redisKeyPrefix;
    }

    /** How long a change waits for the broker and its table before answering 503. Default 10s. */
    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }
}
