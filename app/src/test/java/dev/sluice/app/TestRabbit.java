package dev.sluice.app;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sluice.domain.route.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The real RabbitMQ for the S1 tests on RabbitMQ and the S2 bridge tests ({@code RABBITMQ_URI}, default
 * amqp://guest:guest@127.0.0.1:5672): one name prefix per test JVM, and what a test created is deleted
 * when its application closes.
 */
final class TestRabbit {

    static final String URI = System.getenv().getOrDefault("RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5672");
    static final String PREFIX = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    private TestRabbit() {}

    static Connection connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(URI);
        return f.newConnection("sluice-test");
    }

    /** Deletes the exchanges and queues broker 'rabbitmq' declared for these topics, groups and routes. */
    static void forget(String ingestTopic, Collection<Route> routes) {
        List<String> queues = new ArrayList<>();
        List<String> exchanges = new ArrayList<>();
        exchanges.add(PREFIX + ingestTopic);
        queues.add(PREFIX + ingestTopic);
        for (Route r : routes) {
            exchanges.add(PREFIX + r.topic());
            queues.add(PREFIX + r.topic());
            if (r.group() != null) {
                queues.add(PREFIX + r.topic() + ".group." + r.group());
            }
            queues.add(PREFIX + "dlq." + r.name());
        }
        delete(queues, exchanges);
    }

    static void delete(Collection<String> queues, Collection<String> exchanges) {
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
        } catch (Exception e) {
            throw new IllegalStateException("cleaning up RabbitMQ failed", e);
        }
    }
}
