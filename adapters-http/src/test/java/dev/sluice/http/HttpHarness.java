package dev.sluice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP adapter alone on an embedded Netty server at a random port, its in-ports the fakes of
 * {@link FakePorts}: the controllers, problem mapping and SSE encoding without the app. The settings
 * are the app's where they shape an answer (413 over the body limit, 404 for an unknown path).
 */
final class HttpHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final FakePorts.Ingest ingest = new FakePorts.Ingest();
    final FakePorts.Channels channels = new FakePorts.Channels();
    final FakePorts.Routes routes = new FakePorts.Routes();
    final FakePorts.Commerce commerce = new FakePorts.Commerce();
    final FakePorts.Notifications notifications = new FakePorts.Notifications();
    final FakePorts.Topics topics = new FakePorts.Topics();
    final FakePorts.ManagedRoutes managed = new FakePorts.ManagedRoutes();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpHarness() {
        context = ApplicationContext.builder()
                .properties(Map.of(
                        "micronaut.server.port", -1,
                        // loopback without credentials: access control is off, as in a local run
                        "micronaut.server.host", "127.0.0.1",
                        "micronaut.server.max-request-size", "2KB",
                        "micronaut.security.reject-not-found", false,
                        "sluice.sse.heartbeat", "1h"))
                .singletons(ingest, channels, routes, commerce, notifications, topics, managed)
                .start();
        server = context.getBean(EmbeddedServer.class).start();
    }

    void reset() {
        ingest.reset();
        channels.reset();
        routes.reset();
        commerce.reset();
        notifications.reset();
        topics.reset();
        managed.reset();
    }

    URI uri(String path) {
        return server.getURI().resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return post(path, "application/json", body);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return client;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /**
     * Asserts an RFC 9457 answer as the app tests do (status, problem+json, type and title present) plus
     * its type under {@code https://sluice.dev/problems/}, and returns its body.
     */
    static JsonNode problem(HttpResponse<String> response, int status, String type) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        JsonNode body = json(response);
        assertEquals(status, body.get("status").asInt(), response.body());
        assertEquals("https://sluice.dev/problems/" + type, body.path("type").asText(), response.body());
        assertTrue(body.hasNonNull("title"), response.body());
        return body;
    }

    /** The {@code pointer} of each member of {@code errors}, in order. */
    static List<String> pointers(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.get("pointer").asText()));
        return out;
    }

    @Override
    public void close() {
        server.stop();
        context.close();
    }
}
