package dev.sluice.cloudevents;

import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps Sluice's {@link EventEnvelope} to a {@link CloudEvent} and back; each adapter then writes the
 * CloudEvent in its protocol's binding (Kafka headers, HTTP headers, JSON in a Redis hash). Envelope
 * headers become extensions, whose names are lower-case letters and digits: other characters are
 * dropped from a header's name ({@code Trace-Id} travels as {@code traceid}), and a header cannot
 * replace a context attribute. The partitioning key is not part of the CloudEvent; the transport
 * carries it (a Kafka record key, a hash field).
 */
public final class CloudEventsCodec {

    private static final Set<String> RESERVED = Set.of("id", "source", "type", "specversion", "subject", "time",
            "datacontenttype", "dataschema", "data");

    private CloudEventsCodec() {}

    public static CloudEvent toCloudEvent(EventEnvelope e) {
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(e.id())
                .withSource(URI.create(e.source()))
                .withType(e.type())
                .withTime(e.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(e.contentType())
                .withData(e.payload());
        if (e.subject() != null) {
            b.withSubject(e.subject());
        }
        e.headers().forEach((name, value) -> {
            String extension = extensionName(name);
            if (!extension.isEmpty() && !RESERVED.contains(extension)) {
                b.withExtension(extension, value);
            }
        });
        return b.build();
    }

    /**
     * The envelope of {@code ce}, with the key its transport carried.
     *
     * @param fallbackTime the time when the CloudEvent has none (such as the record's timestamp)
     */
    public static EventEnvelope fromCloudEvent(CloudEvent ce, String key, Instant fallbackTime) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : ce.getExtensionNames()) {
            Object v = ce.getExtension(name);
            if (v != null) {
                headers.put(name, v.toString());
            }
        }
        byte[] data = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        Instant time = ce.getTime() == null ? fallbackTime : ce.getTime().toInstant();
        String contentType = ce.getDataContentType() == null ? "application/json" : ce.getDataContentType();
        return new EventEnvelope(ce.getId(), ce.getSource().toString(), ce.getType(), ce.getSubject(), time,
                contentType, key, headers, data);
    }

    /**
     * A string attribute as an HTTP header value, as the CloudEvents HTTP binding (section 3.1.3.2)
     * requires: the value's UTF-8 bytes, with space, {@code "}, {@code %} and every byte outside the
     * printable ASCII range U+0021..U+007E percent-encoded. Any text (an {@code itemId} such as
     * {@code 日本}, an emoji, NUL, CR/LF) thus becomes a legal header value that a receiver decodes back.
     */
    public static String httpHeaderValue(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = b >= 0x21 && b <= 0x7E && b != '"' && b != '%';
            if (out == null) {
                if (plain) {
                    continue;
                }
                out = new StringBuilder(bytes.length + 16).append(value, 0, i); // bytes before i are ASCII
            }
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out == null ? value : out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A header name as a CloudEvents extension name: lower case, letters and digits only. */
    public static String extensionName(String header) {
        return header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
