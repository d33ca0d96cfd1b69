package dev.sluice.redis;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.ClientStreamsPlugin;
import dev.sluice.ports.spi.Options;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Client streams {@code redis}: one Redis stream per client at {@code uri} (default
 * {@code redis://127.0.0.1:6379}), keys under {@code key-prefix}, each trimmed to about {@code max-length}
 * entries (default 1000).
 */
public final class RedisClientStreamsPlugin implements ClientStreamsPlugin {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> options() {
        return Set.of("uri", "key-prefix", "max-length");
    }

    @Override
    public Streams open(Map<String, String> settings) {
        RedisClientStreams streams = RedisClientStreams.connect(settings.getOrDefault("uri", "redis://127.0.0.1:6379"),
                settings.getOrDefault("key-prefix", ""), Options.integer(settings, "max-length", 1000, 1));
        return new Streams() {
            @Override
            public boolean isActive(String clientId) {
                return streams.isActive(clientId);
            }

            @Override
            public String append(String clientId, EventEnvelope event) {
                return streams.append(clientId, event);
            }

            @Override
            public Reading open(String clientId, String lastEventId, Duration ttl, Reader reader) {
                return streams.open(clientId, lastEventId, ttl, reader);
            }

            @Override
            public void close() {
                streams.close();
            }
        };
    }
}
