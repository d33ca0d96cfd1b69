package dev.sluice.http;

import static dev.sluice.http.HttpHarness.json;
import static dev.sluice.http.HttpHarness.pointers;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /api/routes create, read, replace, pause, resume and delete against a fake of ManageRoutes. */
class ManagedRoutesEndpointsTest extends AgainstFakePorts {

    static final String HOOK = "{\"name\":\"erp\",\"from\":\"orders\",\"group\":\"g\",\"to\":\"webhook\","
            + "\"options\":{\"url\":\"http://erp.example/hook\"},\"concurrency\":4}";

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
                                             String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request);
    }

    @Test
    void aCreatedRouteAnswers201WithItsLocationAndETag() throws Exception {
        HttpResponse<String> created = http.postJson("/api/routes", HOOK);

        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/api/routes/erp", created.headers().firstValue("Location").orElse(""));
        assertEquals("\"1-tag\"", created.headers().firstValue("ETag").orElse(""));
        JsonNode body = json(created);
        assertEquals("erp", body.get("name").asText());
        assertEquals("api", body.get("declaredIn").asText());
        assertEquals(1, body.get("version").asInt());
        assertEquals("http://erp.example/hook", body.get("definition").get("options").get("url").asText());
        assertEquals(4, ((Number) http.managed.bodies.get(0).get("concurrency")).intValue(),
                "numbers reach the use case as numbers");
    }

    @Test
    void aRouteMayBeSentAsYamlAsItIsWrittenInConfiguration() throws Exception {
        String yaml = """
                name: erp
                from: orders
                group: g
                pipeline:
                  - filter: "$lowercase(category) = 'electronics'"
                to: webhook
                options: {url: "http://erp.example/hook", timeout: 2s}
                retry:
                  max-attempts: 3
                  base-delay: 0.5
                """;
        HttpResponse<String> created = http.post("/api/routes", "application/yaml", yaml);

        assertEquals(201, created.statusCode(), created.body());
        Map<String, Object> body = http.managed.bodies.get(0);
        assertEquals(List.of(Map.of("filter", "$lowercase(category) = 'electronics'")), body.get("pipeline"));
        assertEquals(Map.of("url", "http://erp.example/hook", "timeout", "2s"), body.get("options"));
        assertEquals(new BigDecimal("0.5"), ((Map<?, ?>) body.get("retry")).get("base-delay"), "decimals as written");
    }

    @Test
    void aRouteIsReadAsJsonWithItsETagOrAsYamlReadyToEdit() throws Exception {
        http.postJson("/api/routes", HOOK);

        HttpResponse<String> asJson = http.get("/api/routes/erp");
        HttpResponse<String> asYaml = http.send(HttpRequest.newBuilder(http.uri("/api/routes/erp"))
                .header("Accept", "application/yaml").GET());

        assertEquals(200, asJson.statusCode(), asJson.body());
        assertEquals("\"1-tag\"", asJson.headers().firstValue("ETag").orElse(""));
        assertEquals("orders", json(asJson).get("definition").get("from").asText());
        assertEquals(200, asYaml.statusCode(), asYaml.body());
        assertTrue(asYaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
        assertEquals("\"1-tag\"", asYaml.headers().firstValue("ETag").orElse(""));
        assertEquals("""
                name: "erp"
                from: "orders"
                group: "g"
                to: "webhook"
                options:
                  url: "http://erp.example/hook"
                concurrency: 4
                """, asYaml.body());
        problem(http.get("/api/routes/nope"), 404, "not-found");
    }

    @Test
    void aMistakeIsAProblemPointingAtTheKey() throws Exception {
        JsonNode invalid = problem(http.postJson("/api/routes", "{\"name\":\"erp\",\"to\":\"webhook\"}"), 400,
                "invalid-input");
        assertEquals(List.of("/from"), pointers(invalid));
        assertEquals("route 'erp': needs 'from' (a topic or address)", invalid.get("errors").get(0).get("detail").asText());

        JsonNode badYaml = problem(http.post("/api/routes", "application/yaml", "name: erp\nfrom: [orders\n"), 400,
                "invalid-input");
        assertTrue(badYaml.get("errors").get(0).get("detail").asText().contains("line"), badYaml.toString());
        JsonNode repeated = problem(http.post("/api/routes", "application/yaml", "name: a\nname: b\n"), 400,
                "invalid-input");
        assertTrue(repeated.get("errors").get(0).get("detail").asText().contains("name"), repeated.toString());
        JsonNode notAnObject = problem(http.postJson("/api/routes", "[1]"), 400, "invalid-input");
        assertEquals(List.of("/"), pointers(notAnObject));
        problem(http.post("/api/routes", "text/plain", "name: erp"), 415, "unsupported-media-type");
        problem(http.postJson("/api/routes", HOOK.replace("\"erp\"", "\"configured\"")), 409, "conflict");
        assertEquals(List.of("create", "create"), http.managed.calls,
                "bodies that are not one object of JSON or YAML never reach the use case");
    }

    @Test
    void replacingOrDeletingNeedsIfMatch() throws Exception {
        http.postJson("/api/routes", HOOK);

        problem(send("PUT", "/api/routes/erp", "application/json", HOOK, null), 428, "precondition-required");
        problem(send("DELETE", "/api/routes/erp", null, null, null), 428, "precondition-required");
        HttpResponse<String> stale = send("PUT", "/api/routes/erp", "application/json", HOOK, "\"0-old\"");
        problem(stale, 412, "precondition-failed");
        assertEquals("\"1-tag\"", stale.headers().firstValue("ETag").orElse(""), "the current tag, to read again");

        HttpResponse<String> replaced = send("PUT", "/api/routes/erp", "application/json",
                HOOK.replace("orders", "invoices"), "\"1-tag\"");
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("\"2-tag\"", replaced.headers().firstValue("ETag").orElse(""));
        assertEquals("invoices", json(replaced).get("definition").get("from").asText());
        HttpResponse<String> any = send("PUT", "/api/routes/erp", "application/json", HOOK, "*");
        assertEquals(200, any.statusCode(), any.body());
        problem(send("PUT", "/api/routes/configured", "application/json", HOOK, "*"), 409, "conflict");

        HttpResponse<String> deleted = send("DELETE", "/api/routes/erp", null, null, "\"x\", \"3-tag\"");
        assertEquals(204, deleted.statusCode(), deleted.body());
        problem(http.get("/api/routes/erp"), 404, "not-found");
        assertEquals(List.of("create", "replace erp [0-old]", "replace erp [1-tag]", "replace erp []",
                "replace configured []", "delete erp [x, 3-tag]"), http.managed.calls);
    }

    @Test
    void pauseAndResumeTakeAnIfMatchWhenGivenAndAnswerTheNewETag() throws Exception {
        http.postJson("/api/routes", HOOK);

        HttpResponse<String> paused = http.post("/api/routes/erp/pause", null, "");
        assertEquals(200, paused.statusCode(), paused.body());
        assertTrue(json(paused).get("paused").asBoolean());
        assertEquals("\"2-tag\"", paused.headers().firstValue("ETag").orElse(""));
        problem(send("POST", "/api/routes/erp/resume", null, null, "\"1-tag\""), 412, "precondition-failed");
        HttpResponse<String> resumed = send("POST", "/api/routes/erp/resume", null, null, "\"2-tag\"");
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertTrue(!json(resumed).get("paused").asBoolean());
        problem(http.post("/api/routes/configured/pause", null, ""), 409, "conflict");
        assertEquals(List.of("create", "pause erp []", "resume erp [1-tag]", "resume erp [2-tag]",
                "pause configured []"), http.managed.calls);
    }

    @Test
    void theListShowsWhereEachRouteIsDeclaredAndItsVersion() throws Exception {
        JsonNode route = json(http.get("/api/routes")).get(0);
        assertEquals("api", route.get("declaredIn").asText());
        assertEquals(3, route.get("version").asInt());
    }
}
