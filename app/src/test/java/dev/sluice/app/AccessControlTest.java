package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access control with API keys and bearer tokens: each endpoint asks for its scope, a caller without
 * credentials gets 401 and one with too few scopes 403 (problem+json), keys are never read from the URL,
 * the console logs in with a key for an HttpOnly session, and without credentials Sluice refuses to
 * listen beyond loopback.
 */
class AccessControlTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPS = "ops-key-0123456789abcdef";
    static final String ERP = "erp-key-0123456789abcdef";
    static final String SHOP = "shop-key-0123456789abcdef";
    static TestSluice sluice;

    @BeforeAll
    static void start() {
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("access"));
        p.put("sluice.routes.erp-feed.from", p.get("sluice.ingest.topic"));
        p.put("sluice.routes.private-feed.from", p.get("sluice.ingest.topic"));
        p.put("sluice.security.api-keys.ops.key", OPS);
        p.put("sluice.security.api-keys.ops.scopes", "admin");
        p.put("sluice.security.api-keys.erp.key", ERP);
        p.put("sluice.security.api-keys.erp.scopes", "ingest,read:erp-*");
        // the shop's key is given as its hash, as a secret store would hold it
        p.put("sluice.security.api-keys.shop.key-sha256", sha256(SHOP));
        p.put("sluice.security.api-keys.shop.scopes", "write:customer,read:customer");
        p.put("sluice.commerce.enabled", "true");
        p.put("sluice.commerce.topic-prefix", TestSluice.unique("access-shop") + ".");
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", ClientTokens.SECRET);
        sluice = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    static String sha256(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(sluice.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return TestSluice.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> key(String key) {
        return Map.of("X-API-Key", key);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().map() + " " + response.body());
    }

    static final String ITEM = "{\"itemId\":\"a-1\",\"name\":\"n\",\"category\":\"c\"}";

    @Test
    void ingestNeedsTheIngestScope() throws Exception {
        assertProblem(call("POST", "/api/master-data/items", ITEM, Map.of()), 401);
        assertProblem(call("POST", "/api/master-data/items", ITEM, key("wrong-key-0123456789abcdef")), 401);
        assertProblem(call("POST", "/api/master-data/items", ITEM, key(SHOP)), 403);
        assertEquals(200, call("POST", "/api/master-data/items", ITEM, key(ERP)).statusCode());
        assertEquals(200, call("POST", "/api/master-data/items", ITEM, key(OPS)).statusCode(), "admin covers everything");
        // a key in the URL is not read (it would land in access logs)
        assertProblem(call("POST", "/api/master-data/items?api_key=" + ERP + "&X-API-Key=" + ERP, ITEM, Map.of()), 401);
    }

    @Test
    void aReadScopePatternCoversTheChannelsItNamesOnly() throws Exception {
        try (SseClient feed = SseClient.connect(sluice.uri("/erp-feed/stream"), null, key(ERP))) {
            assertEquals(200, call("POST", "/api/master-data/items", ITEM, key(ERP)).statusCode());
            feed.await(1);
        }
        assertProblem(call("GET", "/private-feed/stream", null, key(ERP)), 403);
        assertProblem(call("GET", "/erp-feed/stream", null, Map.of()), 401);
    }

    @Test
    void adminEndpointsNeedAdmin() throws Exception {
        for (String path : new String[] {"/api/routes", "/api/dead-letters/erp-feed", "/api/routes/erp-feed/attempts", "/api/topics"}) {
            assertProblem(call("GET", path, null, key(ERP)), 403);
        }
        assertEquals(200, call("GET", "/api/routes", null, key(OPS)).statusCode());
        assertProblem(call("POST", "/api/routes/erp-feed/pause", null, key(ERP)), 403);
    }

    @Test
    void everyAdminActionIsInTheAuditTrailRefusalsToo() throws Exception {
        assertProblem(call("POST", "/api/routes/erp-feed/pause", null, key(ERP)), 403);
        var replay = call("POST", "/api/dead-letters/erp-feed/replay", null, key(OPS));
        assertProblem(replay, 404); // an SSE route has no dead letters: recorded all the same
        assertProblem(call("POST", "/api/routes/erp-feed/pause", null, key(OPS)), 409); // a route of configuration
        assertProblem(call("GET", "/api/audit", null, key(ERP)), 403);
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode trail;
        do {
            trail = JSON.readTree(call("GET", "/api/audit", null, key(OPS)).body());
            Thread.sleep(100);
        } while (trail.size() < 3 && System.nanoTime() < deadline);
        String all = trail.toString();
        assertTrue(all.contains("{\"who\":\"erp\",\"action\":\"POST /api/routes/erp-feed/pause\",\"status\":403"), all);
        assertTrue(all.contains("{\"who\":\"ops\",\"action\":\"POST /api/dead-letters/erp-feed/replay\",\"status\":404"), all);
        assertTrue(all.contains("{\"who\":\"ops\",\"action\":\"POST /api/routes/erp-feed/pause\",\"status\":409"), all);
        assertEquals("ops", trail.get(0).get("who").asText(), "newest first: " + all);
        assertEquals(409, trail.get(0).get("status").asInt(), "newest first: " + all);
        assertFalse(all.contains("GET /api/audit"), "reads are not actions: " + all);
    }

    @Test
    void commerceScopesNameTheEntity() throws Exception {
        var created = call("POST", "/api/customers", "{\"name\":\"A\",\"lastName\":\"B\",\"email\":\"a@b.example\"}", key(SHOP));
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();
        assertEquals(200, call("GET", "/api/customers/" + id, null, key(SHOP)).statusCode());
        assertProblem(call("POST", "/api/organizations", "{\"name\":\"X\"}", key(SHOP)), 403);
        assertProblem(call("GET", "/api/orders", null, key(SHOP)), 403);
        assertProblem(call("PUT", "/api/customers/" + id, "{\"email\":\"evil@x.example\"}", key(ERP)), 403);
    }

    @Test
    void aBearerTokenOfTheIdentityProviderCarriesScopes() throws Exception {
        String token = ClientTokens.scoped("erp-system", "ingest read:erp-*", ClientTokens.SECRET);
        assertEquals(200, call("POST", "/api/master-data/items", ITEM, Map.of("Authorization", "Bearer " + token)).statusCode());
        assertProblem(call("GET", "/api/routes", null, Map.of("Authorization", "Bearer " + token)), 403);
        String forged = ClientTokens.scoped("erp-system", "admin", "another-secret-0123456789-0123456789");
        assertProblem(call("GET", "/api/routes", null, Map.of("Authorization", "Bearer " + forged)), 401);
    }

    @Test
    void theConsoleLogsInWithAKeyAndHoldsOnlyAnHttpOnlySession() throws Exception {
        JsonNode before = JSON.readTree(call("GET", "/api/access", null, Map.of()).body());
        assertEquals("on", before.get("accessControl").asText());
        assertTrue(before.get("caller").isNull());

        assertProblem(call("POST", "/api/login", "{\"apiKey\":\"nope-0123456789abcdef\"}", Map.of()), 401);
        var login = call("POST", "/api/login", "{\"apiKey\":\"" + ERP + "\"}", Map.of());
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HTTPOnly") || cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(login.body().contains(ERP), "the key is not echoed");
        String session = "sluice_token=" + cookie.substring("sluice_token=".length(), cookie.indexOf(';'));

        JsonNode me = JSON.readTree(call("GET", "/api/access", null, Map.of("Cookie", session)).body());
        assertEquals("erp", me.get("caller").asText());
        assertEquals(200, call("POST", "/api/master-data/items", ITEM, Map.of("Cookie", session)).statusCode());
        assertProblem(call("GET", "/api/routes", null, Map.of("Cookie", session)), 403);
        var logout = call("DELETE", "/api/login", null, Map.of("Cookie", session));
        assertEquals(204, logout.statusCode());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    }

    @Test
    void withoutCredentialsSluiceDoesNotListenBeyondLoopback() {
        Map<String, Object> p = new HashMap<>(TestSluice.baseProperties(TestSluice.unique("access-open")));
        p.put("micronaut.server.host", "0.0.0.0");
        Throwable failure = assertThrows(Throwable.class,
                () -> ApplicationContext.run(EmbeddedServer.class, p, "test").close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertTrue(all.toString().contains("sluice.security.api-keys") && all.toString().contains("SLUICE_HOST=127.0.0.1"),
                all.toString());
    }

    @Test
    void withAKeyItListensBeyondLoopback() throws Exception {
        Map<String, Object> p = new LinkedHashMap<>(TestSluice.baseProperties(TestSluice.unique("access-wide")));
        p.put("micronaut.server.host", "0.0.0.0");
        p.put("sluice.security.api-keys.ops.key", OPS);
        p.put("sluice.security.api-keys.ops.scopes", "admin");
        try (TestSluice wide = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test"))) {
            var open = TestSluice.HTTP.send(HttpRequest.newBuilder(wide.uri("/api/routes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, open.statusCode());
        }
    }
}
