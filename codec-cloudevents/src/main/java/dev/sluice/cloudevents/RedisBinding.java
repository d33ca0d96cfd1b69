package dev.sluice.cloudevents;

import dev.sluice.ports.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event as the fields of one Redis stream entry (Redis has no CloudEvents binding; this one follows
 * the others): the context attributes under their names ({@code id}, {@code source}, {@code type},
 * {@code subject}, {@code time}, {@code datacontenttype}), {@code key}, the payload as {@code data}, and
 * each header, extension or named ({@link HeaderRule}), as the field {@code ext.<exact name>}: a field
 * name can be any text. Values are UTF-8. An entry written by another producer gets its stream id as id.
 */
public final class RedisBinding {

    static final String HEADER_PREFIX = "ext.";

    private RedisBinding() {}

    /** The entry's fields; the map is the caller's to add to (dead letters add theirs). */
    public static Map<String, byte[]> fields(EventEnvelope e) {
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
        e.headers().forEach((name, value) -> f.put(HEADER_PREFIX + name, utf8(value)));
        f.put("data", e.payload());
        return f;
    }

    /** The event of the entry {@code streamId} with fields {@code f}. */
    public static EventEnvelope event(String streamId, Map<String, byte[]> f) {
        Map<String, String> headers = new HashMap<>();
        f.forEach((name, value) -> {
            if (name.startsWith(HEADER_PREFIX) && value != null) {
                headers.put(name.substring(HEADER_PREFIX.length()), text(value));
            }
        });
        byte[] id = f.get("id");
        byte[] source = f.get("source");
        byte[] type = f.get("type");
        byte[] subject = f.get("subject");
        byte[] time = f.get("time");
        byte[] contentType = f.get("datacontenttype");
        byte[] key = f.get("key");
        byte[] data = f.get("data");
        return new EventEnvelope(id != null ? text(id) : streamId,
                source != null ? text(source) : "redis://stream",
                type != null ? text(type) : "redis.entry",
                subject != null ? text(subject) : null,
                time != null ? Attributes.parseTime(text(time)) : Instant.ofEpochMilli(millis(streamId)),
                contentType != null ? text(contentType) : "application/json",
                key != null ? text(key) : null,
                headers,
                data != null ? data : new byte[0]);
    }

    private static long millis(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
