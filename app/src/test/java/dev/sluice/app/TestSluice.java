package dev.sluice.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Starts the whole Sluice application on a random port against the shared test Kafka. */
final class TestSluice implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The setting that lets webhooks reach this machine's receivers, and its value. */
    static final String LOOPBACK_ALLOWED = "sluice.webhooks.allowed-networks";
    static final String LOOPBACK = "127.0.0.0/8,::1/128";

    final EmbeddedServer server;
    final String topic;

    private TestSluice(EmbeddedServer server, String topic) {
        this.server = server;
        this.topic = topic;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Base settings: the broker under test, a fresh ingest topic, random port; routes come from
     * {@code extra}. The broker is the shared embedded Kafka, or Redis Streams or RabbitMQ when the system
     * property {@code sluice-test.broker} is {@code redis} or {@code rabbitmq} (the further surefire runs of
     * the S1 tests).
     */
    static Map<String, Object> baseProperties(String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("sluice.ingest.topic", topic);
        // routes made at run time on a topic of this test's own, so that no other test's Sluice runs them
        p.put("sluice.managed-routes.topic", topic + ".routes");
        p.put("sluice.security.audit-topic", topic + ".audit");
        // the tests' receivers listen on loopback, which a webhook may reach only when allowed (never by default)
        p.put(LOOPBACK_ALLOWED, LOOPBACK);
        if ("rabbitmq".equals(System.getProperty("sluice-test.broker"))) {
            p.put("sluice.broker", "rabbitmq");
            p.put("sluice.rabbitmq.uri", TestRabbit.URI);
            p.put("sluice.rabbitmq.name-prefix", TestRabbit.PREFIX);
            p.put("sluice.rabbitmq.group-queue-type", "classic");
        } else if ("redis".equals(System.getProperty("sluice-test.broker"))) {
            p.put("sluice.broker", "redis");
            p.put("sluice.redis.uri", TestRedis.uri());
            p.put("sluice.redis.key-prefix", TestRedis.prefix());
        } else {
            p.put("sluice.broker", "kafka");
            p.put("sluice.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        }
        return p;
    }

    static TestSluice start(String topic, Map<String, Object> extra) {
        Map<String, Object> p = baseProperties(topic);
        p.putAll(extra);
        return new TestSluice(ApplicationContext.run(EmbeddedServer.class, p, "test"), topic);
    }

    /** Starts with exactly {@code properties} (nothing of the shared test broker added). */
    /** A Sluice started by the caller, with properties of its own. */
    static TestSluice wrap(EmbeddedServer server) {
        return new TestSluice(server, server.getApplicationContext().getProperty("sluice.ingest.topic", String.class)
                .orElse(null));
    }

    static TestSluice startExactly(Map<String, Object> properties) {
        return new TestSluice(ApplicationContext.run(EmbeddedServer.class, properties, "test"),
                String.valueOf(properties.get("sluice.ingest.topic")));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String body) throws IOException, InterruptedException {
        return post("/streams-master-data/producer", "application/json", body);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        java.util.List<dev.sluice.domain.route.Route> routes =
                server.getApplicationContext().getBean(dev.sluice.engine.route.RouteEngine.class).declared();
        boolean rabbit = "rabbitmq".equals(server.getApplicationContext().getProperty("sluice.broker", String.class)
                .orElse(""));
        server.getApplicationContext().close();
        if (rabbit) {
            TestRabbit.forget(topic, routes);
        }
    }
}
