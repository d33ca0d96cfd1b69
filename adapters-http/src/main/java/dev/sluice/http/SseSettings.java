package dev.sluice.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Server-Sent Events settings, under {@value #PREFIX}. */
@ConfigurationProperties(SseSettings.PREFIX)
public class SseSettings {

    public static final String PREFIX = "sluice.sse";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_BUFFER = 1024;

    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private int buffer = DEFAULT_BUFFER;

    /** Interval of the heartbeat comment that keeps idle connections open. Default {@code 15s}. */
    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    /**
     * Events buffered per client while its connection cannot take more; when full, that client is
     * disconnected (it resumes with Last-Event-ID). Default {@value #DEFAULT_BUFFER}.
     */
    public int getBuffer() {
        return buffer;
    }

    public void setBuffer(int buffer) {
        this.buffer = buffer;
    }
}
