package dev.sluice.cloudevents;

import dev.sluice.ports.event.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents AMQP protocol binding, binary mode, for AMQP 1.0 application properties and AMQP
 * 0-9-1 message headers alike: the payload is the body, {@code datacontenttype} the message's
 * content type, every other attribute the property {@code cloudEvents:<name>} (read also as
 * {@code cloudEvents_<name>}, the binding's other prefix), and the partitioning key
 * {@code cloudEvents:partitionkey}. Headers follow {@link HeaderRule}: a named header is an
 * application property under its exact name, unless the name starts with {@code cloudEvents:} or
 * {@code cloudEvents_} (in any case: the binding's) or {@code x-} (the broker's: properties starting with
 * {@code x-} are its bookkeeping, such as {@code x-death} or {@code x-stream-offset}, and no header).
 * A message that is no CloudEvent (a plain AMQP message from another application) becomes one with
 * source {@code /amqp/<address>}, type {@value #PLAIN_TYPE} and its properties as headers.
 */
public final class AmqpBinding {

    public static final String PREFIX = "cloudEvents:";
    static final String OTHER_PREFIX = "cloudEvents_";
    public static final String PLAIN_TYPE = "amqp_message_received";

    private AmqpBinding() {}

    /** The context attributes, the key and the headers as application properties (0-9-1 headers). */
    public static Map<String, Object> properties(EventEnvelope e) {
        Map<String, Object> p = new LinkedHashMap<>();
        StringBuilder packed = null;
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            String name = h.getKey();
            if (HeaderRule.isExtension(name)) {
                p.put(PREFIX + name, h.getValue());
            } else if (owned(name)) {
                packed = HeaderRule.pack(packed, name, h.getValue());
            } else {
                p.put(name, h.getValue());
            }
        }
        if (packed != null) {
            p.put(PREFIX + HeaderRule.HEADERS, packed.toString());
        }
        p.put(PREFIX + "specversion", "1.0");
        p.put(PREFIX + "id", e.id());
        p.put(PREFIX + "source", e.source());
        p.put(PREFIX + "type", e.type());
        p.put(PREFIX + "time", e.time().toString());
        if (e.subject() != null) {
            p.put(PREFIX + "subject", e.subject());
        }
        if (e.key() != null) {
            p.put(PREFIX + "partitionkey", e.key());
        }
        return p;
    }

    private static boolean owned(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                || name.regionMatches(true, 0, OTHER_PREFIX, 0, OTHER_PREFIX.length())
                || name.startsWith("x-");
    }

    /**
     * Rebuilds an event from application properties, content type and body.
     *
     * @param messageId the message id, the event's id when it has no {@code cloudEvents:id}
     * @param created   the creation time, the event's time when it has no {@code cloudEvents:time}
     * @param address   the queue or address it was read from
     */
    public static EventEnvelope event(Map<String, ?> properties, String contentType, byte[] body, String messageId,
                                      Instant created, String address) {
        Map<String, String> headers = new HashMap<>();
        String id = null;
        String source = null;
        String type = null;
        String subject = null;
        Object time = null;
        String key = null;
        String ceContentType = null;
        if (properties != null) {
            for (Map.Entry<String, ?> p : properties.entrySet()) {
                String k = p.getKey();
                Object v = p.getValue();
                if (v == null) {
                    continue;
                }
                if (k.startsWith(PREFIX) || k.startsWith(OTHER_PREFIX)) {
                    String attribute = k.substring(PREFIX.length());
                    switch (attribute) {
                        case "id" -> id = v.toString();
                        case "source" -> source = v.toString();
                        case "type" -> type = v.toString();
                        case "subject" -> subject = v.toString();
                        case "time" -> time = v;
                        case "partitionkey" -> key = v.toString();
                        case "datacontenttype" -> ceContentType = v.toString();
                        default -> HeaderRule.extension(attribute, v.toString(), headers);
                    }
                } else if (!k.startsWith("x-")) { // broker bookkeeping such as x-stream-offset, x-death
                    headers.put(k, v.toString());
                }
            }
        }
        Instant at = switch (time) {
            case Date d -> d.toInstant();
            case null -> created != null ? created : Instant.now();
            default -> Attributes.parseTime(time.toString());
        };
        return new EventEnvelope(id != null ? id : messageId != null ? messageId : UUID.randomUUID().toString(),
                source != null ? source : sourceOf(address), type != null ? type : PLAIN_TYPE, subject, at,
                contentType != null ? contentType : ceContentType != null ? ceContentType : "application/octet-stream",
                key, headers, body == null ? new byte[0] : body);
    }

    /** A CloudEvents source (a URI reference) for messages read from {@code address}: {@code /amqp/<address>}. */
    public static String sourceOf(String address) {
        StringBuilder out = new StringBuilder("/amqp/");
        String trimmed = address.replaceFirst("^/+", "");
        for (byte b : trimmed.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
