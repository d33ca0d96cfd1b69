package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Master data ingestion (scenario S1), under {@value #PREFIX}. */
@ConfigurationProperties(IngestProperties.PREFIX)
public class IngestProperties {

    public static final String PREFIX = "sluice.ingest";
    public static final String DEFAULT_TOPIC = "master-data-items";
    public static final int DEFAULT_MAX_BATCH = 10_000;

    private String topic = DEFAULT_TOPIC;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private String maxBodySize = "1MB";

    /** Topic the items go to. Default {@value #DEFAULT_TOPIC}. */
    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** Most items in one request. Default {@value #DEFAULT_MAX_BATCH}. */
    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    /**
     * Largest request body ({@code 1MB}, {@code 512KB}); a larger one gets 413 before it is parsed. The
     * HTTP server reads it, as {@code micronaut.server.max-request-size} in application.yml.
     */
    public String getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(String maxBodySize) {
        this.maxBodySize = maxBodySize;
    }
}
