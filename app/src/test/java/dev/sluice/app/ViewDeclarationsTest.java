package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Views as users declare them in YAML: the README's example loads verbatim and runs; each kind of mistake
 * fails start-up with a message naming the view and the field; a broker without Kafka Streams fails
 * start-up naming the setting.
 */
class ViewDeclarationsTest {

    private static Map<String, Object> yaml(String text) throws Exception {
        return new YamlPropertySourceLoader().read("views", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> kafka() {
        String run = TestSluice.unique("views-decl");
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("sluice.ingest.topic", run);
        p.put("sluice.broker", "kafka");
        p.put("sluice.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        p.put("sluice.analytics.application-id", run);
        p.put("sluice.analytics.changes-topic-prefix", run + ".");
        return p;
    }

    private static String failureOf(Map<String, Object> props, Map<String, Object> views) {
        Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.builder(EmbeddedServer.class)
                .environments("test").properties(props).propertySources(PropertySource.of("views", views))
                .start().close());
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void theReadmesExampleLoadsVerbatimAndRuns() throws Exception {
        Map<String, Object> views = Readme.settings("views");
        try (ApplicationContext context = ApplicationContext.builder(EmbeddedServer.class).environments("test")
                .properties(kafka()).propertySources(PropertySource.of("views", views)).start()) {
            TestSluice sluice = TestSluice.wrap(context.getBean(EmbeddedServer.class).start());
            JsonNode listed = new ObjectMapper().readTree(sluice.get("/api/views").body());
            List<String> names = new ArrayList<>();
            listed.forEach(v -> names.add(v.get("name").asText()));
            assertEquals(List.of("orders-per-city", "paid-orders"), names, listed.toString());
            assertEquals("hopping 1h every 15m, grace 5m", listed.get(0).get("window").asText());
        }
    }

    @Test
    void eachMistakeFailsStartupNamingTheViewAndTheField() throws Exception {
        String base = "sluice:\n  views:\n    v:\n      from: t\n";
        assertTrue(failureOf(kafka(), yaml(base + "      aggregates: {n: {summ: amount}}\n"))
                .contains("view 'v' (sluice.views.v): aggregates.n: unknown function 'summ'; the functions are [count, sum,"));
        assertTrue(failureOf(kafka(), yaml(base + "      where: \"event = \"\n      aggregates: {n: count}\n"))
                .contains("sluice.views.v.where: invalid JSONata expression 'event = '"));
        assertTrue(failureOf(kafka(), yaml(base + "      window: {grace: 1s}\n      aggregates: {n: count}\n"))
                .contains("view 'v' (sluice.views.v): window.size is required"));
        assertTrue(failureOf(kafka(), yaml(base + "      window: {size: 30 seconds}\n      aggregates: {n: count}\n"))
                .contains("window.size: not a duration"));
        assertTrue(failureOf(kafka(), yaml(base + "      group-by: city\n")).contains("need at least one aggregate"));
        assertTrue(failureOf(kafka(), yaml(base + "      joins: [{table: customer, on: customerId}]\n"))
                .contains("YAML reads the key 'on' as true; the table's key is given as 'key'"));
        assertTrue(failureOf(kafka(), yaml(base + "      joins: [{table: customer, key: customerId, kind: outer}]\n"))
                .contains("joins[0].kind: must be left or inner, was 'outer'"));
        assertTrue(failureOf(kafka(), yaml("sluice:\n  views:\n    v:\n      coded: shipping-time\n"))
                .contains("no coded view named 'shipping-time'; there are [outstanding-payments, shipping-times]"));
        assertTrue(failureOf(kafka(), yaml(base + "      aggregates: {n: count}\n      colour: red\n"))
                .contains("sluice.views.v.colour is not a setting"));
    }

    @Test
    void aBrokerWithoutKafkaStreamsFailsStartupNamingTheSetting() throws Exception {
        Map<String, Object> redis = new HashMap<>();
        redis.put("micronaut.server.port", -1);
        redis.put("sluice.broker", "redis");
        redis.put("sluice.redis.uri", TestRedis.uri());
        redis.put("sluice.redis.key-prefix", TestRedis.prefix());
        String failure = failureOf(redis, yaml("sluice:\n  views:\n    v:\n      from: t\n      aggregates: {n: count}\n"));
        assertTrue(failure.contains("views need Kafka Streams, which this broker has not: declared views (sluice.views)"
                + " run on sluice.broker=embedded or kafka"), failure);
    }
}
