package dev.sluice.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Server-Sent Events settings, under {@value #PREFIX}. */
@ConfigurationProperties(SseSettings.PREFIX)
public class SseSettings {

    public static final String PREFIX = "sluice.sse";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_BUFFER = 1024;
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private int buffer = DEFAULT_BUFFER;
    private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
    private boolean compression;

    /** Interval of the heartbeat comment that keeps idle connections open. Default {@code 15s}. */
    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    /**
     * Events buffered per client while its connection cannot take more. When a live client's buffer is
     * full, that client is disconnected (it resumes with Last-Event-ID); a replay or a resume instead
     * reads the log no faster than its client takes the events (see {@link #getStallTimeout()}).
     * Default {@value #DEFAULT_BUFFER}.
     */
    public int getBuffer() {
        return buffer;
    }

    public void setBuffer(int buffer) {
        this.buffer = buffer;
    }

    /**
     * How long a replay or a resume waits for its client to take an event while its buffer is full; a
     * client that takes nothing for that long is disconnected. Default {@code 30s}.
     */
    public Duration getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    /**
     * Whether SSE responses are compressed for clients that accept it (every browser does). Off by
     * default: a compressed stream keeps a compressor per connection (measured: 40 to 90 KiB of memory
     * per connection with zstd or gzip, against a few KiB for the connection itself) and compresses
     * every event for every connection apart, where the uncompressed bytes of an event are made once.
     */
    public boolean isCompression() {
        return compression;
    }

    public void setCompression(boolean compression) {
        this.compression = compression;
    }
}
