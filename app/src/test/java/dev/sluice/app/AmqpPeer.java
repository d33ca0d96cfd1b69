package dev.sluice.app;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.ReceiverOptions;
import org.apache.qpid.protonj2.client.Sender;

/**
 * Another application on the real RabbitMQ, speaking AMQP 1.0 as the S2 seed's Go demo does: publishes
 * to an address and drains one. Queues are declared durable over 0-9-1 first, as Sluice does.
 */
final class AmqpPeer implements AutoCloseable {

    /** A message as it arrived: body and application properties. */
    record Received(String body, Map<String, Object> properties) {}

    private final Client client = Client.create();
    private final org.apache.qpid.protonj2.client.Connection connection;

    AmqpPeer() throws Exception {
        ConnectionOptions o = new ConnectionOptions().user("guest").password("guest");
        o.saslOptions().addAllowedMechanism("PLAIN");
        connection = client.connect("127.0.0.1", 5672, o);
    }

    /** The AMQP 1.0 address of a durable queue (declared if missing) on this RabbitMQ. */
    static String queueAddress(String queue) throws Exception {
        try (Connection c = TestRabbit.connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
            return String.valueOf(c.getServerProperties().get("version")).startsWith("3.")
                    ? "/amq/queue/" + queue : "/queue/" + queue;
        }
    }

    static long depth(String queue) throws Exception {
        try (Connection c = TestRabbit.connect(); Channel ch = c.createChannel()) {
            return ch.queueDeclarePassive(queue).getMessageCount();
        }
    }

    void send(String queue, String body, Map<String, Object> properties) throws Exception {
        try (Sender sender = connection.openSender(queueAddress(queue))) {
            Message<byte[]> m = Message.create(body.getBytes(StandardCharsets.UTF_8)).durable(true)
                    .contentType("application/json");
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                m.property(p.getKey(), p.getValue());
            }
            sender.send(m).awaitSettlement(10, TimeUnit.SECONDS);
        }
    }

    /** Takes every message the queue holds now, waiting up to {@code idleMillis} for the next one. */
    List<Received> drain(String queue, long idleMillis) throws Exception {
        List<Received> out = new ArrayList<>();
        try (Receiver receiver = connection.openReceiver(queueAddress(queue), new ReceiverOptions().creditWindow(50))) {
            Delivery d;
            while ((d = receiver.receive(idleMillis, TimeUnit.MILLISECONDS)) != null) {
                Message<Object> m = d.message();
                Map<String, Object> props = new HashMap<>();
                m.forEachProperty(props::put);
                Object body = m.body();
                out.add(new Received(body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(body),
                        props));
                d.accept();
            }
        }
        return out;
    }

    @Override
    public void close() {
        connection.close();
        client.close();
    }
}
