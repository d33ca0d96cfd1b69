package dev.sluice.amqp;

import com.rabbitmq.client.AMQP;
import dev.sluice.cloudevents.AmqpBinding;
import dev.sluice.ports.event.EventEnvelope;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * AMQP messages of events in CloudEvents binary mode: {@link AmqpBinding} decides the application
 * properties (0-9-1 headers) and reads them back, this class puts them into the clients' message types.
 */
final class CloudEventsAmqp {

    static final String PLAIN_TYPE = AmqpBinding.PLAIN_TYPE;

    private CloudEventsAmqp() {}

    static String sourceOf(String address) {
        return AmqpBinding.sourceOf(address);
    }

    /** AMQP 0-9-1: persistent message properties. */
    static AMQP.BasicProperties basicProperties(EventEnvelope e, Map<String, Object> extra) {
        Map<String, Object> headers = AmqpBinding.properties(e);
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
        return AmqpBinding.event(props.getHeaders(), props.getContentType(), body, props.getMessageId(),
                props.getTimestamp() == null ? null : props.getTimestamp().toInstant(), address);
    }

    /** AMQP 1.0: a durable message with the body as a data section. */
    static Message<byte[]> toMessage(EventEnvelope e) throws ClientException {
        Message<byte[]> m = Message.create(e.payload());
        m.durable(true);
        m.messageId(e.id());
        m.contentType(e.contentType());
        m.creationTime(e.time().toEpochMilli());
        for (Map.Entry<String, Object> p : AmqpBinding.properties(e).entrySet()) {
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
        return AmqpBinding.event(props, contentType, bytes, m.messageId() == null ? null : m.messageId().toString(),
                m.creationTime() == 0 ? null : Instant.ofEpochMilli(m.creationTime()), address);
    }
}
