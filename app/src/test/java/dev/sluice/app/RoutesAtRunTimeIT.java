package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The check, on the packaged jar with its embedded Kafka: a webhook route created over REST delivers,
 * pauses (what is posted meanwhile does not arrive, while a route of configuration on the same topic gets it),
 * resumes (it arrives), stays paused across a restart of the jar, and after it delivers again; the receiver
 * gets every acknowledged item exactly once.
 */
class RoutesAtRunTimeIT {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> acknowledged = new HashSet<>();

    @Test
    void aRouteMadeOverRestPausesResumesAndOutlivesARestartLosingNothingAndDeliveringNothingTwice() throws Exception {
        Path data = Files.createTempDirectory("sluice-routes");
        int port = SluiceProcess.freePort();
        try (Receiver hook = new Receiver(() -> 200); Receiver control = new Receiver(() -> 200)) {
            // no demo routes; one route of configuration on the same topic, which is never paused
            Map<String, String> env = Map.of("MICRONAUT_ENVIRONMENTS", "routes-it");
            List<String> args = List.of("--sluice.routes.control.from=master-data-items",
                    "--sluice.routes.control.group=control", "--sluice.routes.control.to=webhook",
                    "--sluice.routes.control.options.url=" + control.url(),
                    "--" + TestSluice.LOOPBACK_ALLOWED + "=" + TestSluice.LOOPBACK); // the receivers are on loopback
            SluiceProcess first = SluiceProcess.jar(data, port, env, args).awaitHealthy();
            String etag;
            try {
                HttpResponse<String> created = first.postJson("/api/routes", """
                        {"name": "erp-orders", "from": "master-data-items", "group": "erp-orders", "to": "webhook",
                         "options": {"url": "%s"}, "retry": {"base-delay": "20ms", "max-delay": "100ms"}}"""
                        .formatted(hook.url()));
                assertEquals(201, created.statusCode(), created.body());
                etag = created.headers().firstValue("ETag").orElseThrow();

                post(first, "a");
                hook.await(10);
                control.await(10);

                HttpResponse<String> paused = send(first, "POST", "/api/routes/erp-orders/pause", etag);
                assertEquals(200, paused.statusCode(), paused.body());
                assertEquals("paused", route(first, "erp-orders").get("state").get("status").asText());
                post(first, "b");
                control.await(20);
                assertEquals(10, hook.accepted.size(), "nothing reaches a paused route, though its topic has it");

                HttpResponse<String> resumed = send(first, "POST", "/api/routes/erp-orders/resume", null);
                assertEquals(200, resumed.statusCode(), resumed.body());
                hook.await(20);

                etag = send(first, "POST", "/api/routes/erp-orders/pause", null).headers().firstValue("ETag").orElseThrow();
                post(first, "c");
                control.await(30);
            } finally {
                first.stop();
            }

            SluiceProcess second = SluiceProcess.jar(data, port, env, args).awaitHealthy();
            try {
                JsonNode restored = route(second, "erp-orders");
                assertEquals("api", restored.get("declaredIn").asText());
                assertEquals("paused", restored.get("state").get("status").asText(), "still paused after the restart");
                HttpResponse<String> definition = second.get("/api/routes/erp-orders");
                assertEquals(etag, definition.headers().firstValue("ETag").orElse(""), "the same version");
                assertEquals(20, hook.accepted.size());

                assertEquals(200, send(second, "POST", "/api/routes/erp-orders/resume", etag).statusCode());
                hook.await(30);
                post(second, "d");
                hook.await(40);
                control.await(40);
            } finally {
                second.stop();
            }
            assertExactlyOnce(hook, "the route made over REST");
            assertExactlyOnce(control, "the route of configuration");
        }
    }

    /** Ten items {@code <phase>-0} … {@code <phase>-9} in one request, each acknowledged. */
    private void post(SluiceProcess sluice, String phase) throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add("{\"itemId\":\"" + phase + "-" + i + "\",\"name\":\"n\"}");
        }
        HttpResponse<String> response = sluice.postJson("/streams-master-data/producer", "[" + String.join(",", items) + "]");
        assertEquals(200, response.statusCode(), response.body());
        JSON.readTree(response.body()).get("items").forEach(item -> acknowledged.add(item.get("itemId").asText()));
    }

    private void assertExactlyOnce(Receiver receiver, String what) {
        List<String> delivered = receiver.accepted.stream()
                .map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList();
        assertEquals(40, acknowledged.size());
        assertEquals(acknowledged, new HashSet<>(delivered), what + ": nothing acknowledged was lost");
        assertEquals(acknowledged.size(), delivered.size(), what + ": nothing came twice: " + delivered);
    }

    private static JsonNode route(SluiceProcess sluice, String name) throws Exception {
        JsonNode routes = JSON.readTree(sluice.get("/api/routes").body());
        for (JsonNode route : routes) {
            if (route.get("name").asText().equals(name)) {
                return route;
            }
        }
        throw new AssertionError("no route " + name + " in " + routes);
    }

    private static HttpResponse<String> send(SluiceProcess sluice, String method, String path, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(sluice.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return SluiceProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
