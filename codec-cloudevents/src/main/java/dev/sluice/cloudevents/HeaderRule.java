package dev.sluice.cloudevents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The one rule by which an envelope's headers travel, shared by every binding: a header arrives with
 * exactly its name (case-sensitive) and its exact value on every broker.
 *
 * <ul>
 *   <li>An <em>extension header</em> is one whose name is a CloudEvents extension attribute name
 *       (only {@code a-z} and {@code 0-9}) and not one CloudEvents or Sluice reserves (the context
 *       attributes such as {@code id} or {@code time}, {@code partitionkey}, {@value #HEADERS}); it
 *       travels as that extension attribute ({@code ce_traceparent}, {@code cloudEvents:traceparent},
 *       {@code ce-traceparent}, a CloudEvents JSON member; {@code ext.traceparent} in a Redis entry).</li>
 *   <li>Any other header is a <em>named header</em> ({@code Trace-Id}, {@code meta-x}, {@code id}). Where
 *       the protocol has message headers of any name (Kafka record headers, AMQP application
 *       properties, Redis stream fields {@code ext.<name>}), it is a plain header under its exact
 *       name, unless the binding uses that name itself; where it has not (HTTP {@code ce-} headers,
 *       CloudEvents JSON), and for names a binding uses itself, it travels inside the one extension
 *       {@value #HEADERS}:
 *       {@code name=value} pairs joined by {@code &}, both percent-encoded as UTF-8.</li>
 * </ul>
 */
public final class HeaderRule {

    /** The extension that carries named headers where the wire cannot carry their names. */
    public static final String HEADERS = "sluiceheaders";

    /** Context attribute names, the partitioning extension that carries the key, and {@value #HEADERS}. */
    static final Set<String> RESERVED = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data", "partitionkey", HEADERS);

    private HeaderRule() {}

    /** Whether header {@code name} travels as the CloudEvents extension attribute of that name. */
    public static boolean isExtension(String name) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !RESERVED.contains(name);
    }

    /**
     * A received extension attribute as headers: {@value #HEADERS} is unpacked, another reserved name is
     * an attribute (not a header), any other name is the header of that name.
     */
    static void extension(String name, String value, Map<String, String> headers) {
        if (name.equals(HEADERS)) {
            unpack(value, headers::put);
        } else if (!RESERVED.contains(name)) {
            headers.put(name, value);
        }
    }

    /** Appends {@code name=value} to a {@value #HEADERS} value under construction. */
    static StringBuilder pack(StringBuilder packed, String name, String value) {
        if (packed == null) {
            packed = new StringBuilder(64);
        } else {
            packed.append('&');
        }
        encode(packed, name);
        packed.append('=');
        encode(packed, value);
        return packed;
    }

    /** The named headers in a {@value #HEADERS} value; a malformed pair is skipped. */
    static void unpack(String packed, BiConsumer<String, String> header) {
        int start = 0;
        while (start <= packed.length()) {
            int end = packed.indexOf('&', start);
            if (end < 0) {
                end = packed.length();
            }
            int eq = packed.indexOf('=', start);
            if (eq > start && eq < end) {
                String name = decode(packed, start, eq);
                String value = decode(packed, eq + 1, end);
                if (name != null && value != null) {
                    header.accept(name, value);
                }
            }
            start = end + 1;
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Percent-encodes every UTF-8 byte but the unreserved characters of RFC 3986. */
    private static void encode(StringBuilder out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte value : bytes) {
            int b = value & 0xFF;
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '-' || b == '.' || b == '_' || b == '~') {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
    }

    /** Percent-decodes {@code s[from, to)} as UTF-8, or null when it is malformed. */
    static String decode(String s, int from, int to) {
        int percent = s.indexOf('%', from);
        if (percent < 0 || percent >= to) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            if (s.charAt(i) == '%') {
                int hi = i + 2 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < to ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int next = s.indexOf('%', i);
                int runEnd = next < 0 || next > to ? to : next;
                out.writeBytes(s.substring(i, runEnd).getBytes(StandardCharsets.UTF_8));
                i = runEnd;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
