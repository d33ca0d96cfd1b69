package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.http.security.Quota;
import dev.sluice.http.security.RequiresScope;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quotas: each caller has a bucket per kind of endpoint (ingest, the demo generators); a request over it
 * is 429 problem+json with a Retry-After of whole seconds, and nothing is written; another caller is not
 * affected. Without access control the caller is the remote address. Limits are per hour here, so that
 * no bucket refills while a test runs, however slow the machine.
 */
class QuotaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String ERP = "erp-key-0123456789abcdef";
    static final String SHOP = "shop-key-0123456789abcdef";
    static final String OPS = "ops-key-0123456789abcdef";
    static final String AUDITOR = "auditor-key-0123456789abcdef";
    static final String POS = "pos-key-0123456789abcdef";
    static TestSluice keyed;

    /** Client streams (for the demo generators) on the shared Redis, with a few demo clients of this run. */
    static Map<String, Object> withClients(Map<String, Object> p) {
        p.put("sluice.clients.enabled", "true");
        p.put("sluice.clients.topic", TestSluice.unique("quota-clients"));
        p.put("sluice.clients.group", TestSluice.unique("quota-fwd"));
        p.put("sluice.clients.redis-uri", TestRedis.uri());
        p.put("sluice.clients.key-prefix", TestRedis.prefix());
        p.put("sluice.clients.demo-ids", "q-a-" + RUN + ",q-b-" + RUN);
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", ClientTokens.SECRET);
        return p;
    }

    @BeforeAll
    static void start() {
        Map<String, Object> p = withClients(TestSluice.baseProperties(TestSluice.unique("quota")));
        p.put("sluice.routes.quota-feed.from", p.get("sluice.ingest.topic"));
        p.put("sluice.security.api-keys.erp.key", ERP);
        p.put("sluice.security.api-keys.erp.scopes", "ingest");
        p.put("sluice.security.api-keys.erp.quotas.ingest.requests", "3");
        p.put("sluice.security.api-keys.erp.quotas.ingest.per", "1h");
        p.put("sluice.security.api-keys.shop.key", SHOP);
        p.put("sluice.security.api-keys.shop.scopes", "ingest");
        p.put("sluice.security.api-keys.shop.quotas.ingest.requests", "3"); // per: the default's
        p.put("sluice.security.api-keys.ops.key", OPS);
        p.put("sluice.security.api-keys.ops.scopes", "admin");
        p.put("sluice.security.api-keys.ops.quotas.generators.requests", "2");
        p.put("sluice.security.api-keys.ops.quotas.generators.per", "1h");
        p.put("sluice.security.api-keys.pos.key", POS);
        p.put("sluice.security.api-keys.pos.scopes", "ingest");
        p.put("sluice.security.api-keys.pos.quotas.ingest.requests", "2");
        p.put("sluice.security.api-keys.pos.quotas.ingest.per", "1h");
        p.put("sluice.security.api-keys.auditor.key", AUDITOR);
        p.put("sluice.security.api-keys.auditor.scopes", "admin");
        p.put("sluice.security.quotas.generators.per", "1h"); // the default's requests (5), per hour
        keyed = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test"));
    }

    @AfterAll
    static void stop() {
        keyed.close();
    }

    static HttpResponse<String> post(HttpClient http, TestSluice sluice, String path, String body, String key)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(sluice.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(TestSluice sluice, String path, String body, String key) throws Exception {
        return post(TestSluice.HTTP, sluice, path, body, key);
    }

    static String item(String id) {
        return "{\"itemId\":\"" + id + "\",\"name\":\"n\",\"category\":\"c\"}";
    }

    /** A 429 problem with a Retry-After of whole seconds, more than none. */
    static JsonNode assertOverQuota(HttpResponse<String> response) throws Exception {
        assertEquals(429, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        String retryAfter = response.headers().firstValue("Retry-After").orElse("");
        assertTrue(retryAfter.matches("[1-9][0-9]*"), "Retry-After in whole seconds: '" + retryAfter + "'");
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(429, problem.get("status").asInt());
        assertEquals("https://sluice.dev/problems/quota-exceeded", problem.get("type").asText());
        return problem;
    }

    @Test
    void aKeyOverItsIngestQuotaGets429AndNothingIsWrittenWhileAnotherKeyGoesOn() throws Exception {
        String prefix = "q-" + RUN + "-";
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, post(keyed, "/api/master-data/items", item(prefix + "erp-" + i), ERP).statusCode());
        }
        // a batch is one request, and both paths and publishing to a topic take from the same bucket
        JsonNode problem = assertOverQuota(post(keyed, "/streams-master-data/producer",
                "[" + item(prefix + "erp-4") + "," + item(prefix + "erp-5") + "]", ERP));
        assertTrue(problem.get("detail").asText().contains("erp may make 3 ingest requests per 1h"), problem.toString());
        assertOverQuota(post(keyed, "/api/topics/" + keyed.topic + "/events",
                "{\"specversion\":\"1.0\",\"id\":\"" + prefix + "erp-6\",\"source\":\"/erp\",\"type\":\"t\"}", ERP));
        assertEquals(200, post(keyed, "/api/master-data/items", item(prefix + "shop-1"), SHOP).statusCode(),
                "another key has a bucket of its own");

        try (SseClient feed = SseClient.connect(keyed.uri("/quota-feed/stream?from=earliest"), null,
                Map.of("X-API-Key", OPS))) {
            feed.awaitUntil(e -> e.data().contains(prefix + "shop-1"));
            Set<String> mine = new TreeSet<>();
            for (SseClient.Event e : feed.settle(Duration.ofMillis(500))) {
                JsonNode data = JSON.readTree(e.data());
                String id = data.path("itemId").asText(data.path("id").asText());
                if (id.startsWith(prefix)) {
                    mine.add(id);
                }
            }
            assertEquals(Set.of(prefix + "erp-1", prefix + "erp-2", prefix + "erp-3", prefix + "shop-1"), mine,
                    "what was refused is not on the log");
        }
    }

    @Test
    void aRequestRefusedForItsCredentialsTakesNothingFromAnyBucket() throws Exception {
        // tokens forged in pos's name (401) and pos's key where it has no scope (403) reach no bucket
        String forged = ClientTokens.scoped("pos", "ingest", "another-secret-0123456789-0123456789");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = TestSluice.HTTP.send(HttpRequest.newBuilder(keyed.uri("/api/master-data/items"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + forged)
                    .POST(HttpRequest.BodyPublishers.ofString(item("forged"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals(403, post(keyed, "/api/clients/demo-events?count=1", "", POS).statusCode());
        }
        assertEquals(200, post(keyed, "/api/master-data/items", item("pos-" + RUN + "-1"), POS).statusCode());
        assertEquals(200, post(keyed, "/api/master-data/items", item("pos-" + RUN + "-2"), POS).statusCode());
        assertOverQuota(post(keyed, "/api/master-data/items", item("pos-" + RUN + "-3"), POS));
    }

    @Test
    void theDemoGeneratorsShareOneQuotaPerKey() throws Exception {
        assertEquals(200, post(keyed, "/api/clients/demo-events?count=1", "", OPS).statusCode());
        assertEquals(200, post(keyed, "/sse/generateNE?count=1", "", OPS).statusCode());
        assertOverQuota(post(keyed, "/api/clients/demo-events?count=1", "", OPS));
        assertOverQuota(post(keyed, "/sse/generateNE?count=1", "", OPS));
        // another admin key, with the default of 5 per hour
        assertEquals(200, post(keyed, "/sse/generateNE?count=1", "", AUDITOR).statusCode());
        // ingest is another quota: ops's has not been touched
        assertEquals(200, post(keyed, "/api/master-data/items", item("ops-" + RUN), OPS).statusCode());
    }

    @Test
    void everyIngestEndpointAndEveryGeneratorCountsAgainstItsQuota() {
        Router router = keyed.server.getApplicationContext().getBean(Router.class);
        Set<String> ingest = new TreeSet<>();
        Set<String> generators = new TreeSet<>();
        router.uriRoutes().forEach(route -> {
            String at = route.getHttpMethod() + " " + route.getUriMatchTemplate();
            String quota = route.getAnnotationMetadata().stringValue(Quota.class).orElse(null);
            if ("ingest".equals(route.getAnnotationMetadata().stringValue(RequiresScope.class).orElse(null))) {
                assertEquals(Quota.INGEST, quota, at + " writes to the log: it needs @Quota(Quota.INGEST)");
            }
            if (Quota.INGEST.equals(quota)) {
                ingest.add(at);
            } else if (Quota.GENERATORS.equals(quota)) {
                generators.add(at);
            }
        });
        assertEquals(Set.of("POST /streams-master-data/producer", "POST /api/master-data/items",
                "POST /api/topics/{topic}/events"), ingest);
        // and the simulator's start where the bookstore is on (withoutAccessControl… starts it)
        assertEquals(Set.of("POST /sse/generateNE", "POST /api/clients/demo-events"), generators);
    }

    @Test
    void withoutAccessControlEachRemoteAddressIsOneAnonymousCaller() throws Exception {
        Map<String, Object> p = withClients(TestSluice.baseProperties(TestSluice.unique("quota-anon")));
        p.put("sluice.security.quotas.ingest.requests", "2");
        p.put("sluice.security.quotas.ingest.per", "1h");
        p.put("sluice.security.quotas.generators.per", "1h"); // the default's requests (5), per hour
        p.put("sluice.bookstore.enabled", "true");
        p.put("sluice.bookstore.topic-prefix", TestSluice.unique("quota-s4") + ".");
        // loopback without credentials: access control is off (the server listens on 127.0.0.1)
        try (TestSluice open = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test"))) {
            assertEquals(200, post(open, "/api/master-data/items", item("a1"), null).statusCode());
            assertEquals(200, post(open, "/api/master-data/items", item("a2"), null).statusCode());
            JsonNode problem = assertOverQuota(post(open, "/api/master-data/items", item("a3"), null));
            assertTrue(problem.get("detail").asText().startsWith("anonymous@127.0.0.1 may make 2 ingest requests"),
                    problem.toString());

            // another address of this machine is another caller
            HttpClient other = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();
            assertEquals(200, post(other, open, "/api/master-data/items", item("b1"), null).statusCode());

            // the generators' default of 5, the simulator's start among them
            assertEquals(200, post(open, "/api/simulator/start", "{\"events\": 1}", null).statusCode());
            for (int i = 0; i < 2; i++) {
                assertEquals(200, post(open, "/api/clients/demo-events?count=1", "", null).statusCode());
                assertEquals(200, post(open, "/sse/generateNE?count=1", "", null).statusCode());
            }
            assertOverQuota(post(open, "/api/simulator/start", "{\"events\": 1}", null));
            assertOverQuota(post(open, "/api/clients/demo-events?count=1", "", null));
        }
    }

    @Test
    void aLimitThatCannotWorkStopsStartUpNamingTheSetting() {
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("quota-bad"));
        p.put("sluice.security.api-keys.erp.key", ERP);
        p.put("sluice.security.api-keys.erp.scopes", "ingest");
        p.put("sluice.security.api-keys.erp.quotas.ingest.requests", "0");
        Throwable failure = assertThrows(Throwable.class,
                () -> ApplicationContext.run(EmbeddedServer.class, p, "test").close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertTrue(all.toString().contains("sluice.security.api-keys.erp.quotas.ingest.requests must be at least 1"),
                all.toString());
        assertFalse(all.toString().contains("not a setting"), all.toString());
    }

    @Test
    void quotasCanBeTurnedOff() throws Exception {
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("quota-off"));
        p.put("sluice.security.quotas.enabled", "false");
        p.put("sluice.security.quotas.ingest.requests", "1");
        p.put("sluice.security.quotas.ingest.per", "1h");
        try (TestSluice off = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test"))) {
            for (String id : List.of("o1", "o2", "o3")) {
                assertEquals(200, post(off, "/api/master-data/items", item(id), null).statusCode());
            }
        }
    }
}
