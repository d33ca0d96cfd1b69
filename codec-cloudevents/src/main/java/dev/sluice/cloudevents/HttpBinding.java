package dev.sluice.cloudevents;

import dev.sluice.ports.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The CloudEvents HTTP protocol binding, binary mode: the payload is the body, {@code datacontenttype}
 * the {@code Content-Type} header and every other attribute a {@code ce-<name>} header whose value is
 * percent-encoded ({@link #headerValue}). An HTTP header name cannot keep a header's case (nor carry
 * every character), and message metadata must not become arbitrary HTTP headers ({@code Authorization},
 * {@code Host}): so, by {@link HeaderRule}, named headers travel in {@code ce-sluiceheaders}. The key is
 * not sent.
 */
public final class HttpBinding {

    static final String PREFIX = "ce-";
    public static final String CONTENT_TYPE = "Content-Type";

    private HttpBinding() {}

    /** Calls {@code header} with each request header of {@code e}; the body is {@link EventEnvelope#payload()}. */
    public static void write(EventEnvelope e, BiConsumer<String, String> header) {
        header.accept("ce-specversion", "1.0");
        header.accept("ce-id", headerValue(e.id()));
        header.accept("ce-source", headerValue(e.source()));
        header.accept("ce-type", headerValue(e.type()));
        header.accept(CONTENT_TYPE, e.contentType()); // a media type, not text to encode
        if (e.subject() != null) {
            header.accept("ce-subject", headerValue(e.subject()));
        }
        header.accept("ce-time", Attributes.time(e.time()));
        StringBuilder packed = null;
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            if (HeaderRule.isExtension(h.getKey())) {
                header.accept(PREFIX + h.getKey(), headerValue(h.getValue()));
            } else {
                packed = HeaderRule.pack(packed, h.getKey(), h.getValue());
            }
        }
        if (packed != null) {
            header.accept(PREFIX + HeaderRule.HEADERS, headerValue(packed.toString()));
        }
    }

    /**
     * The event of a request in binary mode, as a receiver decodes what {@link #write} sends.
     *
     * @param header a header's first value by name, case-insensitive; null when absent
     * @param names  the request's header names
     */
    public static EventEnvelope read(Iterable<String> names, Function<String, String> header, byte[] body,
                                     Instant fallbackTime) {
        Map<String, String> headers = new HashMap<>();
        for (String name : names) {
            if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                String attribute = name.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
                String value = decode(header.apply(name));
                if (value != null) {
                    HeaderRule.extension(attribute, value, headers);
                }
            }
        }
        String time = decode(header.apply("ce-time"));
        String contentType = header.apply(CONTENT_TYPE);
        return new EventEnvelope(decode(header.apply("ce-id")), decode(header.apply("ce-source")),
                decode(header.apply("ce-type")), decode(header.apply("ce-subject")),
                time == null ? fallbackTime : Attributes.parseTime(time),
                contentType == null ? "application/json" : contentType, null, headers, body == null ? new byte[0] : body);
    }

    private static String decode(String value) {
        return value == null ? null : HeaderRule.decode(value, 0, value.length());
    }

    /**
     * A string attribute as an HTTP header value, as the CloudEvents HTTP binding (section 3.1.3.2)
     * requires: the value's UTF-8 bytes, with space, {@code "}, {@code %} and every byte outside the
     * printable ASCII range U+0021..U+007E percent-encoded. Any text (an {@code itemId} such as
     * {@code 日本}, an emoji, NUL, CR/LF) thus becomes a legal header value that a receiver decodes back.
     */
    public static String headerValue(String value) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '%') {
                break;
            }
            i++;
        }
        if (i == n) {
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16).append(value, 0, i); // the first i chars are ASCII
        for (int j = i; j < bytes.length; j++) {
            int b = bytes[j] & 0xFF;
            if (b >= 0x21 && b <= 0x7E && b != '"' && b != '%') {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
