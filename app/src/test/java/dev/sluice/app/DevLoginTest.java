package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Scenario S5's dev login: in the demo environment, bound to loopback, it mints a short-lived token for a
 * demo client and sets the HttpOnly cookie with which the client reads its own stream (and only its own);
 * outside the demo environment, or bound to every interface, the endpoint does not exist.
 */
class DevLoginTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String A = "dev-a-" + RUN;
    static final String B = "dev-b-" + RUN;

    private static Map<String, Object> clients() {
        Map<String, Object> p = new HashMap<>(TestSluice.baseProperties(TestSluice.unique("devlogin")));
        p.put("sluice.clients.enabled", "true");
        p.put("sluice.clients.topic", TestSluice.unique("dev-clients"));
        p.put("sluice.clients.group", TestSluice.unique("dev-fwd"));
        p.put("sluice.clients.redis-uri", TestRedis.uri());
        p.put("sluice.clients.key-prefix", TestRedis.prefix());
        p.put("sluice.clients.demo-ids", A + "," + B);
        // Sluice.main sets a key (from SLUICE_CLIENTS_JWT_SECRET, or a random one of the run)
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", ClientTokens.SECRET);
        return p;
    }

    private static TestSluice start(Map<String, Object> props, String... environments) {
        return TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, props, environments));
    }

    @Test
    void theDemoLoginSetsAnHttpOnlyCookieWithWhichTheClientReadsOnlyItsOwnStream() throws Exception {
        // the demo environment, bound to loopback
        try (TestSluice sluice = start(clients(), "test", "demo")) {
            var login = sluice.post("/api/dev/login?clientId=" + A, "application/json", "");
            assertEquals(200, login.statusCode(), login.body());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith("sluice_token="), cookie);
            assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
            assertTrue(cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=900"), cookie);
            JsonNode body = JSON.readTree(login.body());
            assertEquals(A, body.get("clientId").asText());
            String token = cookie.substring("sluice_token=".length(), cookie.indexOf(';'));
            assertEquals(token, body.get("token").asText());

            try (SseClient own = SseClient.connect(sluice.uri("/api/clients/" + A + "/events"), null,
                    Map.of("Cookie", "sluice_token=" + token))) {
                Thread.sleep(300);
                var generated = sluice.post("/api/clients/demo-events?count=3", "application/json", "");
                assertEquals(200, generated.statusCode(), generated.body());
                List<SseClient.Event> events = own.await(3);
                assertEquals(3, events.size());
                events.forEach(e -> assertTrue(e.data().contains(A), e.data()));
            }
            var other = TestSluice.HTTP.send(java.net.http.HttpRequest.newBuilder(sluice.uri("/api/clients/" + B + "/events"))
                    .header("Cookie", "sluice_token=" + token).timeout(java.time.Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, other.statusCode(), "a token of client A does not read client B's stream: " + other.body());

            var unknown = sluice.post("/api/dev/login?clientId=mallory", "application/json", "");
            assertEquals(400, unknown.statusCode());
            assertTrue(unknown.body().contains("\"pointer\":\"/clientId\"") && unknown.body().contains(A), unknown.body());
            assertFalse(unknown.headers().firstValue("Set-Cookie").isPresent());
        }
    }

    @Test
    void outsideTheDemoEnvironmentThereIsNoDevLogin() throws Exception {
        Map<String, Object> props = clients();
        props.put("sluice.clients.dev-login.enabled", "true");
        props.put("micronaut.server.host", "127.0.0.1");
        try (TestSluice sluice = start(props, "test")) {
            var login = sluice.post("/api/dev/login?clientId=" + A, "application/json", "");
            assertEquals(404, login.statusCode(), login.body());
            assertFalse(login.headers().firstValue("Set-Cookie").isPresent());
        }
    }

    @Test
    void boundToEveryInterfaceTheDemoHasNoDevLogin() throws Exception {
        Map<String, Object> props = clients();
        props.put("micronaut.server.host", "0.0.0.0");
        // beyond loopback Sluice needs credentials at all (AccessControlTest)
        props.put("sluice.security.api-keys.ops.key", "ops-key-0123456789abcdef");
        props.put("sluice.security.api-keys.ops.scopes", "admin");
        try (TestSluice sluice = start(props, "test", "demo")) {
            var login = sluice.post("/api/dev/login?clientId=" + A, "application/json", "");
            assertEquals(404, login.statusCode(), login.body());
        }
    }
}
