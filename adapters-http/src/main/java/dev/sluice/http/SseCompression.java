package dev.sluice.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.netty.DefaultHttpCompressionStrategy;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Micronaut's rule for compressing responses (text-based content types, of unknown length or at least
 * {@code micronaut.server.netty.compression-threshold} bytes, for clients that accept it), except that
 * Server-Sent Events are sent uncompressed unless {@code sluice.sse.compression} is on. A compressed
 * stream holds a compressor for as long as the connection lives and compresses each event once per
 * connection: at thousands of connections that is gigabytes of native memory and the CPU of the
 * fan-out, for events that are small and flushed one by one.
 */
@Singleton
@Replaces(DefaultHttpCompressionStrategy.class)
final class SseCompression implements HttpCompressionStrategy {

    private final int threshold;
    private final int level;
    private final int maxZstdEncodeSize;
    private final boolean streams;

    @Inject
    SseCompression(NettyHttpServerConfiguration server, SseSettings sse) {
        this(server.getCompressionThreshold(), server.getCompressionLevel(), server.getMaxZstdEncodeSize(),
                sse.isCompression());
    }

    SseCompression(int threshold, int level, int maxZstdEncodeSize, boolean streams) {
        this.threshold = threshold;
        this.level = level;
        this.maxZstdEncodeSize = maxZstdEncodeSize;
        this.streams = streams;
    }

    @Override
    public boolean isEnabled() {
        return threshold >= 0;
    }

    @Override
    public boolean shouldCompress(HttpResponse response) {
        if (!isEnabled()) {
            return false;
        }
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !streams && type.regionMatches(true, 0, MediaType.TEXT_EVENT_STREAM, 0,
                MediaType.TEXT_EVENT_STREAM.length())) {
            return false;
        }
        long length = HttpUtil.getContentLength(response, -1L);
        return (length == -1 || length >= threshold) && MediaType.isTextBased(type);
    }

    @Override
    public int getCompressionLevel() {
        return level;
    }

    @Override
    public int getMaxZstdEncodeSize() {
        return maxZstdEncodeSize;
    }
}
