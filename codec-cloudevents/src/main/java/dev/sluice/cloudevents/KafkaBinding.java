package dev.sluice.cloudevents;

import dev.sluice.ports.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The CloudEvents Kafka protocol binding, binary mode: the payload is the record value, the key the
 * record key, {@code datacontenttype} the {@code content-type} header and every other attribute a
 * {@code ce_<name>} header, UTF-8. Headers follow {@link HeaderRule}: a named header is a record
 * header under its exact name, unless that name starts with {@code ce_} or is {@code content-type}
 * (in any case), which the binding uses. Works on names and bytes: the adapter copies them into
 * its client's header type. The CloudEvents SDK's Kafka binding reads what this writes, and this reads
 * what that writes.
 */
public final class KafkaBinding {

    static final String PREFIX = "ce_";
    static final String CONTENT_TYPE = "content-type";
    private static final byte[] SPEC_VERSION = {'1', '.', '0'};

    /** The type of an event read from a record without CloudEvents headers, written by another producer. */
    public static final String FOREIGN_TYPE = "kafka.record";

    private KafkaBinding() {}

    /** Calls {@code header} with each record header of {@code e}; the value and key are the adapter's. */
    public static void write(EventEnvelope e, BiConsumer<String, byte[]> header) {
        header.accept("ce_specversion", SPEC_VERSION);
        header.accept("ce_id", utf8(e.id()));
        header.accept("ce_source", utf8(e.source()));
        header.accept("ce_type", utf8(e.type()));
        header.accept(CONTENT_TYPE, utf8(e.contentType()));
        if (e.subject() != null) {
            header.accept("ce_subject", utf8(e.subject()));
        }
        header.accept("ce_time", utf8(Attributes.time(e.time())));
        StringBuilder packed = null;
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            String name = h.getKey();
            if (HeaderRule.isExtension(name)) {
                header.accept(PREFIX + name, utf8(h.getValue()));
            } else if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || name.equalsIgnoreCase(CONTENT_TYPE)) {
                packed = HeaderRule.pack(packed, name, h.getValue());
            } else {
                header.accept(name, utf8(h.getValue()));
            }
        }
        if (packed != null) {
            header.accept(PREFIX + HeaderRule.HEADERS, utf8(packed.toString()));
        }
    }

    /**
     * The event of a record. A record without {@code ce_specversion} (written by another producer) is
     * an event with id {@code <topic>-<partition>-<offset>}, source {@code kafka://<topic>}, type
     * {@value #FOREIGN_TYPE}, the key as subject and no headers; or null when {@code topic} is null.
     *
     * @param name  a header's name
     * @param value a header's value
     */
    public static <H> EventEnvelope read(Iterable<H> headers, Function<H, String> name, Function<H, byte[]> value,
                                         String key, byte[] payload, long timestampMillis,
                                         String topic, int partition, long offset) {
        boolean cloudEvent = false;
        String id = null;
        String source = null;
        String type = null;
        String subject = null;
        String time = null;
        String contentType = null;
        Map<String, String> out = new HashMap<>();
        for (H h : headers) {
            String n = name.apply(h);
            byte[] bytes = value.apply(h);
            if (n == null || bytes == null) {
                continue;
            }
            if (n.startsWith(PREFIX)) {
                String attribute = n.substring(PREFIX.length());
                String v = text(bytes);
                switch (attribute) {
                    case "specversion" -> cloudEvent = true;
                    case "id" -> id = v;
                    case "source" -> source = v;
                    case "type" -> type = v;
                    case "subject" -> subject = v;
                    case "time" -> time = v;
                    default -> HeaderRule.extension(attribute, v, out);
                }
            } else if (n.equals(CONTENT_TYPE)) {
                contentType = text(bytes);
            } else {
                out.put(n, text(bytes));
            }
        }
        byte[] data = payload == null ? new byte[0] : payload;
        Instant fallbackTime = Instant.ofEpochMilli(timestampMillis);
        if (!cloudEvent) {
            if (topic == null) {
                return null;
            }
            return new EventEnvelope(topic + "-" + partition + "-" + offset, "kafka://" + topic, FOREIGN_TYPE, key,
                    fallbackTime, contentType == null ? "application/json" : contentType, key, Map.of(), data);
        }
        return new EventEnvelope(id, source, type, subject, time == null ? fallbackTime : Attributes.parseTime(time),
                contentType == null ? "application/json" : contentType, key, out, data);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
