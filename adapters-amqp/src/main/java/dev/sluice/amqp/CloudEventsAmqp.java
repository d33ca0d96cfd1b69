package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import dev.sluice.ports.event.EventEnvelope;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * Maps events to AMQP messages in CloudEvents binary mode (CloudEvents AMQP protocol binding): the
 * payload is the body, {@code content-type} the data content type, the context attributes are
 * application properties named {@code cloudEvents:<attribute>}, and the partitioning key is
 * {@code cloudEvents:partitionkey}. Other application properties (0-9-1 headers) are the event's
 * headers, its metadata. A message that is no CloudEvent (a plain AMQP message from another
 * application) becomes one with {@code source} {@code /amqp/<address>} and type {@value #PLAIN_TYPE}.
 */
final class CloudEventsAmqp {

    static final String PREFIX = "cloudEvents:";
    static final String PLAIN_TYPE = "amqp_message_received";

    private CloudEventsAmqp() {}

    /** The context attributes and headers as application properties / 0-9-1 headers. */
    static Map<String, Object> properties(EventEnvelope e) {
        Map<String, Object> p = new LinkedHashMap<>();
        e.headers().forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                p.put(k, v);
            }
        });
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

    /** Rebuilds an event from application properties, content type and body. */
    static EventEnvelope event(Map<String, ?> properties, String contentType, byte[] body, String messageId,
                               Instant created, String address) {
        Map<String, String> headers = new HashMap<>();
        Map<String, String> ce = new HashMap<>();
        if (properties != null) {
            properties.forEach((k, v) -> {
                if (v == null) {
                    return;
                }
                if (k.startsWith(PREFIX)) {
                    ce.put(k.substring(PREFIX.length()), v.toString());
                } else if (!k.startsWith("x-")) { // broker bookkeeping such as x-stream-offset, x-death
                    headers.put(k, v.toString());
                }
            });
        }
        String id = ce.getOrDefault("id", messageId != null ? messageId : UUID.randomUUID().toString());
        Instant time = ce.containsKey("time") ? Instant.parse(ce.get("time")) : created != null ? created : Instant.now();
        return new EventEnvelope(id, ce.getOrDefault("source", sourceOf(address)), ce.getOrDefault("type", PLAIN_TYPE),
                ce.get("subject"), time, contentType != null ? contentType : "application/octet-stream",
                ce.get("partitionkey"), headers, body == null ? new byte[0] : body);
    }

    /** A CloudEvents source (a URI reference) for messages read from {@code address}: {@code /amqp/<address>}. */
    static String sourceOf(String address) {
        StringBuilder out = new StringBuilder("/amqp/");
        String trimmed = address.replaceFirst("^/+", "");
        for (byte b : trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** AMQP 0-9-1: persistent message properties. */
    static AMQP.BasicProperties basicProperties(EventEnvelope e, Map<String, Object> extra) {
        Map<String, Object> headers = properties(e);
        if (extra != null) {
            headers.putAll(extra);
        }
        return new AMQP.BasicProperties.Builder()
                .contentType(e.contentType())
                .messageId(e.id())
                .timestamp(Date.from(e.time()))
                .deliveryMode(2)
                .headers(headers)
                .build();
    }

    static EventEnvelope fromBasic(AMQP.BasicProperties props, byte[] body, String address) {
        return event(props.getHeaders(), props.getContentType(), body, props.getMessageId(),
                props.getTimestamp() == null ? null : props.getTimestamp().toInstant(), address);
    }

    /** AMQP 1.0: a durable message with the body as a data section. */
    static Message<byte[]> toMessage(EventEnvelope e) throws ClientException {
        Message<byte[]> m = Message.create(e.payload());
        m.durable(true);
        m.messageId(e.id());
        m.contentType(e.contentType());
        m.creationTime(e.time().toEpochMilli());
        for (Map.Entry<String, Object> p : properties(e).entrySet()) {
            m.property(p.getKey(), p.getValue());
        }
        return m;
    }

    static EventEnvelope fromMessage(Message<?> m, String address) throws ClientException {
        Map<String, Object> props = new HashMap<>();
        m.forEachProperty(props::put);
        Object body = m.body();
        byte[] bytes = switch (body) {
            case null -> new byte[0];
            case byte[] b -> b;
            case String s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            default -> body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        };
        String contentType = m.contentType();
        if (contentType == null && body instanceof String) {
            contentType = "text/plain";
        }
        return event(props, contentType, bytes, m.messageId() == null ? null : m.messageId().toString(),
                m.creationTime() == 0 ? null : Instant.ofEpochMilli(m.creationTime()), address);
    }
}
