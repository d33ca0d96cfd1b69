package dev.sluice.ports.event;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One event as Sluice carries it: the CloudEvents context attributes, the partitioning key, extra
 * headers and the payload bytes. Adapters map it to the CloudEvents binary mode of their protocol.
 *
 * <p>Immutable; {@link #payload()} returns the array as stored, callers must not modify it.
 *
 * @param id          CloudEvents {@code id}, unique per source
 * @param source      CloudEvents {@code source}, a URI reference such as {@code /sluice/master-data}
 * @param type        CloudEvents {@code type}, past tense, such as {@code master_data_item_published}
 * @param subject     CloudEvents {@code subject}, may be null
 * @param time        when the event happened
 * @param contentType media type of the payload, such as {@code application/json}
 * @param key         partitioning key (per-key order is kept), may be null
 * @param headers     extension attributes and metadata; never null
 * @param payload     the data, never null
 */
public record EventEnvelope(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String contentType,
        String key,
        Map<String, String> headers,
        byte[] payload) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(contentType, "contentType");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * The header that marks a tombstone: an event with no payload that says its key is gone, written after
     * a delete (a change data capture source does so). A log that keeps the newest record per key drops the
     * key's records at the tombstone (Kafka writes it as a record with a null value); deliveries to anything
     * but a log skip it.
     */
    public static final String TOMBSTONE = "tombstone";

    /** The tombstone of {@code key}: an empty payload and {@value #TOMBSTONE} = true. */
    public static EventEnvelope tombstone(String id, String source, String type, String key, Instant time) {
        Objects.requireNonNull(key, "a tombstone needs a key");
        return new EventEnvelope(id, source, type, null, time, "application/json", key, Map.of(TOMBSTONE, "true"),
                new byte[0]);
    }

    /** Whether this is a {@link #tombstone}. */
    public boolean isTombstone() {
        return payload.length == 0 && "true".equals(headers.get(TOMBSTONE));
    }

    /** The same event with another payload and content type (processors use this). */
    public EventEnvelope withPayload(byte[] newPayload, String newContentType) {
        return new EventEnvelope(id, source, type, subject, time, newContentType, key, headers, newPayload);
    }

    /** The same event with other headers. */
    public EventEnvelope withHeaders(Map<String, String> newHeaders) {
        return new EventEnvelope(id, source, type, subject, time, contentType, key, newHeaders, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventEnvelope e
                && id.equals(e.id) && source.equals(e.source) && type.equals(e.type)
                && Objects.equals(subject, e.subject) && time.equals(e.time)
                && contentType.equals(e.contentType) && Objects.equals(key, e.key)
                && headers.equals(e.headers) && Arrays.equals(payload, e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, source, type, subject, time, contentType, key, headers, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "EventEnvelope[id=" + id + ", type=" + type + ", key=" + key + ", contentType=" + contentType
                + ", payload=" + payload.length + " bytes]";
    }
}
