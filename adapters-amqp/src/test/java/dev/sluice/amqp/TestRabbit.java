package dev.sluice.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real RabbitMQ at {@code RABBITMQ_URI} (default amqp://guest:guest@127.0.0.1:5672). Tests name
 * their queues and exchanges uniquely and {@link #forget} deletes them afterwards.
 */
final class TestRabbit {

    static final String URI = System.getenv().getOrDefault("RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5672");
    /** The broker's name-prefix in these tests: nothing is shared with another run. */
    static final String PREFIX = "sluice-test-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".";

    private static final Set<String> queues = ConcurrentHashMap.newKeySet();
    private static final Set<String> exchanges = ConcurrentHashMap.newKeySet();

    private TestRabbit() {}

    static Map<String, String> options() {
        return Map.of("url", URI);
    }

    static Connection connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URI);
        return f.newConnection("sluice-test");
    }

    static void deadLetters(String route) {
        queues.add(PREFIX + "dlq." + route);
    }

    static String queue(String name) {
        queues.add(name);
        return name;
    }

    static void topic(String topic) {
        exchanges.add(PREFIX + topic);
        queues.add(PREFIX + topic);
    }

    static void group(String topic, String group) {
        queues.add(PREFIX + topic + ".group." + group);
    }

    static void forget() throws Exception {
        try (Connection c = connect()) {
            for (String q : queues) {
                try (Channel ch = c.createChannel()) {
                    ch.queueDelete(q);
                } catch (Exception e) {
                    // never declared
                }
            }
            for (String x : exchanges) {
                try (Channel ch = c.createChannel()) {
                    ch.exchangeDelete(x);
                } catch (Exception e) {
                    // never declared
                }
            }
        }
        queues.clear();
        exchanges.clear();
    }
}
