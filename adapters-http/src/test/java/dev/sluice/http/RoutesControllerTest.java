package dev.sluice.http;

import static dev.sluice.http.HttpHarness.json;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ports.in.ManageDeadLetters.DeadLetterView;
import dev.sluice.ports.in.ManageDeadLetters.ReplayReport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routes, channels and dead letters against fakes of ObserveRoutes, ManageDeadLetters and SubscribeToChannel. */
class RoutesControllerTest extends AgainstFakePorts {

    @Test
    void theRoutesAreListedWithTheirOutputsCountersAndState() throws Exception {
        HttpResponse<String> response = http.get("/api/routes");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode route = json(response).get(0);
        assertEquals("hook", route.get("name").asText());
        assertEquals("push", route.get("kind").asText());
        assertEquals("http://erp.example/hook", route.get("outputs").get(0).get("destination").asText());
        assertEquals(3, route.get("counts").get("delivered").asLong());
        assertEquals(2, route.get("concurrency").asInt());
        assertEquals("running", route.get("state").get("status").asText());
    }

    @Test
    void theChannelsAreListed() throws Exception {
        JsonNode channels = json(http.get("/api/channels"));
        assertEquals(1, channels.size());
        assertEquals("c", channels.get(0).get("name").asText());
        assertEquals("topic-c", channels.get(0).get("topic").asText());
        assertEquals("filter: $.price > 0", channels.get(0).get("pipeline").get(0).asText());
    }

    @Test
    void aRoutesDeadLettersAreListedOldestFirstWithALimitKeptInBounds() throws Exception {
        http.routes.pending = () -> List.of(
                new DeadLetterView("0:3", "e3", "k", "order_created", "HTTP 500", 5, Instant.parse("2026-01-02T03:04:05Z"),
                        "{\"po\":\"p1\"}"),
                new DeadLetterView("0:4", "e4", "k", "order_created", "timeout", 5, Instant.parse("2026-01-02T03:04:06Z"),
                        "{}"));

        JsonNode letters = json(http.get("/api/dead-letters/hook"));
        http.get("/api/dead-letters/hook?limit=0");
        http.get("/api/dead-letters/hook?limit=99999");

        assertEquals(List.of("0:3", "0:4"), letters.findValuesAsText("position"));
        assertEquals("HTTP 500", letters.get(0).get("reason").asText());
        assertEquals("{\"po\":\"p1\"}", letters.get(0).get("data").asText());
        assertEquals(List.of("list hook 100", "list hook 1", "list hook 10000"), http.routes.calls);
    }

    @Test
    void aReplayAnswersWhatItDid() throws Exception {
        http.routes.replayed = () -> new ReplayReport("hook", 2, 1, "HTTP 503 from http://erp.example/hook");

        HttpResponse<String> response = http.post("/api/dead-letters/hook/replay", "application/json", "");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode report = json(response);
        assertEquals(2, report.get("replayed").asInt());
        assertEquals(1, report.get("remaining").asInt());
        assertEquals("HTTP 503 from http://erp.example/hook", report.get("stoppedBecause").asText());
    }

    @Test
    void anUnknownRouteIs404ForItsDeadLettersItsReplayAndItsAttempts() throws Exception {
        JsonNode replay = problem(http.post("/api/dead-letters/nope/replay", "application/json", ""), 404, "not-found");
        assertEquals("no push route named 'nope'", replay.get("detail").asText());
        assertEquals("/api/dead-letters/nope/replay", replay.get("instance").asText());
        problem(http.get("/api/dead-letters/nope"), 404, "not-found");
        problem(http.get("/api/routes/nope/attempts"), 404, "not-found");
    }
}
