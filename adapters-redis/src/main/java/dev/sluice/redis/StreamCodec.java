package dev.sluice.redis;

import dev.sluice.ports.event.EventEnvelope;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event as the fields of one stream entry: the CloudEvents attributes under their names
 * ({@code id}, {@code source}, {@code type}, {@code subject}, {@code time}, {@code datacontenttype}),
 * {@code key}, extensions as {@code ext.<name>} and the payload as {@code data}.
 */
final class StreamCodec {

    /** String keys, byte values: field names are text, the payload stays bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private StreamCodec() {}

    static Map<String, byte[]> fields(EventEnvelope e) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("id", utf8(e.id()));
        f.put("source", utf8(e.source()));
        f.put("type", utf8(e.type()));
        if (e.subject() != null) {
            f.put("subject", utf8(e.subject()));
        }
        f.put("time", utf8(e.time().toString()));
        f.put("datacontenttype", utf8(e.contentType()));
        if (e.key() != null) {
            f.put("key", utf8(e.key()));
        }
        e.headers().forEach((name, value) -> f.put("ext." + name, utf8(value)));
        f.put("data", e.payload());
        return f;
    }

    static EventEnvelope event(String streamId, Map<String, byte[]> f) {
        Map<String, String> headers = new LinkedHashMap<>();
        f.forEach((name, value) -> {
            if (name.startsWith("ext.")) {
                headers.put(name.substring(4), text(value));
            }
        });
        String id = f.containsKey("id") ? text(f.get("id")) : streamId;
        return new EventEnvelope(id,
                f.containsKey("source") ? text(f.get("source")) : "redis://stream",
                f.containsKey("type") ? text(f.get("type")) : "redis.entry",
                f.containsKey("subject") ? text(f.get("subject")) : null,
                f.containsKey("time") ? Instant.parse(text(f.get("time"))) : Instant.ofEpochMilli(millis(streamId)),
                f.containsKey("datacontenttype") ? text(f.get("datacontenttype")) : "application/json",
                f.containsKey("key") ? text(f.get("key")) : null,
                headers,
                f.getOrDefault("data", new byte[0]));
    }

    private static long millis(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : StandardCharsets.UTF_8.decode(ByteBuffer.wrap(b)).toString();
    }
}
