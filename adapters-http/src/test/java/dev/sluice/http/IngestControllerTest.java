package dev.sluice.http;

import static dev.sluice.http.HttpHarness.json;
import static dev.sluice.http.HttpHarness.pointers;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingest endpoint (S1) against a fake {@link IngestMasterData}: what it hands the in-port, how it
 * answers the in-port's receipt, and the problem answers for bad bodies, bad fields and a broker that did
 * not acknowledge (as IngestValidationTest, ExactInputTest and BrokerUnavailableTest see them in the app).
 */
class IngestControllerTest extends AgainstFakePorts {

    static final String PATH = "/streams-master-data/producer";

    @Test
    void oneItemIsHandedOverAsParsedAndAnsweredWithTheReceipt() throws Exception {
        HttpResponse<String> response = http.postJson(PATH, "{\"itemId\":\"12345\",\"name\":\"Widget A\",\"price\":29.90}");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertEquals(parse("""
                {"status":"accepted","topic":"master-data-items","count":1,
                 "items":[{"itemId":"12345","eventId":"event-0","position":"0:40"}]}"""), json(response));
        IngestMasterData.Command command = http.ingest.commands.getFirst();
        assertFalse(command.batch());
        assertEquals(List.of(Map.of("itemId", "12345", "name", "Widget A", "price", new BigDecimal("29.90"))),
                command.items(), "exact decimals, digit for digit");
    }

    @Test
    void anArrayIsOneBatchInRequestOrderOnBothPaths() throws Exception {
        for (String path : List.of(PATH, "/api/master-data/items")) {
            http.reset();
            HttpResponse<String> response = http.postJson(path, "[{\"itemId\":\"a\"},{\"itemId\":\"b\"},{\"itemId\":\"c\"}]");

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(3, json(response).get("count").asInt());
            assertEquals(List.of("a", "b", "c"), json(response).findValuesAsText("itemId"));
            IngestMasterData.Command command = http.ingest.commands.getFirst();
            assertTrue(command.batch(), path);
            assertEquals(3, command.items().size());
        }
    }

    @Test
    void badFieldsTheInPortNamesAre400WithOnePointerEach() throws Exception {
        http.ingest.answer = command -> CompletableFuture.failedFuture(new InvalidInputException("2 fields are invalid",
                List.of(new Violation("/1/name", "must not be blank"), new Violation("/2/price", "must be a number"))));

        JsonNode p = problem(http.postJson(PATH, "[{},{},{}]"), 400, "invalid-input");

        assertEquals("Invalid input", p.get("title").asText());
        assertEquals("2 fields are invalid", p.get("detail").asText());
        assertEquals(PATH, p.get("instance").asText());
        assertEquals(List.of("/1/name", "/2/price"), pointers(p));
        assertEquals("must be a number", p.get("errors").get(1).get("detail").asText());
    }

    @Test
    void aBodyThatIsNotOneJsonValueIs400AndNeverReachesTheInPort() throws Exception {
        JsonNode truncated = problem(http.postJson(PATH, "{\"itemId\": "), 400, "invalid-input");
        assertEquals(List.of("/itemId"), pointers(truncated), "where the parser stopped");
        assertTrue(truncated.get("errors").get(0).get("detail").asText().startsWith("not valid JSON: "), truncated.toString());

        JsonNode duplicate = problem(http.postJson(PATH, "{\"itemId\":\"a\",\"itemId\":\"b\"}"), 400, "invalid-input");
        assertEquals(List.of("/itemId"), pointers(duplicate));
        assertTrue(duplicate.toString().toLowerCase(java.util.Locale.ROOT).contains("duplicate"), duplicate.toString());

        JsonNode trailing = problem(http.postJson(PATH, "{\"itemId\":\"a\"} {\"itemId\":\"b\"}"), 400, "invalid-input");
        assertEquals(List.of("/"), pointers(trailing));
        assertTrue(trailing.toString().contains("trailing"), trailing.toString());

        JsonNode surrogate = problem(http.postJson(PATH, "{\"itemId\":\"a\",\"name\":\"x\\ud800\"}"), 400, "invalid-input");
        assertEquals(List.of("/name"), pointers(surrogate));
        assertTrue(surrogate.toString().contains("U+D800"), surrogate.toString());

        // an exponent no BigDecimal holds (IngestBodyFuzzTest found it answered as a bad argument, without a pointer)
        JsonNode huge = problem(http.postJson(PATH, "{\"itemId\":\"a\",\"price\":1e4000000000}"), 400, "invalid-input");
        assertEquals(List.of("/price"), pointers(huge));
        assertTrue(huge.toString().contains("out of range"), huge.toString());
        assertEquals(List.of("/"), pointers(problem(http.postJson(PATH, "1e040000400000000"), 400, "invalid-input")));

        JsonNode empty = problem(http.postJson(PATH, ""), 400, "bad-request");
        assertEquals(List.of("/body"), pointers(empty), "the router refuses a missing body before the controller");

        assertEquals(List.of(), http.ingest.commands);
    }

    @Test
    void aBodyThatIsNotUtf8Is400() throws Exception {
        byte[] overlong = {'{', '"', 'n', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(http.uri(PATH))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(overlong)));

        JsonNode p = problem(response, 400, "invalid-input");
        assertTrue(p.toString().contains("UTF-8"), p.toString());
        assertTrue(p.toString().contains("at byte 6 "), "counted from the body's start, past its ASCII: " + p);
        assertEquals(List.of(), http.ingest.commands);
    }

    @Test
    void textOutsideAsciiIsReadCharacterForCharacter() throws Exception {
        // two-, three- and four-byte sequences after an ASCII start
        String name = "Crème brûlée — 🍮 " + "ü€".repeat(200);
        HttpResponse<String> response = http.postJson(PATH, "{\"itemId\":\"x\",\"name\":\"" + name + "\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of(Map.of("itemId", "x", "name", name)), http.ingest.commands.getFirst().items());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void aContentTypeThatIsNotJsonIs415(String type) throws Exception {
        JsonNode p = problem(http.post(PATH, type, "{\"itemId\":\"x\"}"), 415, "unsupported-media-type");
        assertTrue(p.get("detail").asText().contains(type), p.toString());
        assertEquals(List.of(), http.ingest.commands);
    }

    @Test
    void noContentTypeIs415() throws Exception {
        JsonNode p = problem(http.post(PATH, null, "{\"itemId\":\"x\"}"), 415, "unsupported-media-type");
        assertTrue(p.get("detail").asText().contains("Content-Type header is required"), p.toString());
        assertEquals(List.of(), http.ingest.commands);
    }

    @Test
    void aPlusJsonContentTypeIsJson() throws Exception {
        assertEquals(200, http.post(PATH, "application/vnd.sluice+json; charset=utf-8", "{\"itemId\":\"x\"}").statusCode());
        assertEquals(1, http.ingest.commands.size());
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        problem(http.postJson(PATH, "{\"itemId\":\"big\",\"name\":\"" + "x".repeat(4096) + "\"}"), 413,
                "request-entity-too-large");
        assertEquals(List.of(), http.ingest.commands);
    }

    @Test
    void aBrokerThatDidNotAcknowledgeIs503WithRetryAfter() throws Exception {
        http.ingest.answer = command -> CompletableFuture.failedFuture(
                new BrokerUnavailableException("append to master-data-items failed", Duration.ofSeconds(7), null));

        HttpResponse<String> response = http.postJson(PATH, "{\"itemId\":\"down\"}");

        JsonNode p = problem(response, 503, "broker-unavailable");
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("Broker unavailable", p.get("title").asText());
        assertEquals("The broker did not acknowledge in time; nothing was acknowledged to you. Retry after 7 s.",
                p.get("detail").asText(), "the broker's own message is not shown");
        assertEquals(PATH, p.get("instance").asText());
    }

    @Test
    void retryAfterIsAtLeastOneSecondAndFiveWhenTheInPortGivesNone() throws Exception {
        http.ingest.answer = command -> {
            throw new BrokerUnavailableException("interrupted", Duration.ofMillis(200), null);
        };
        assertEquals("1", http.postJson(PATH, "{\"itemId\":\"x\"}").headers().firstValue("Retry-After").orElse(null));

        http.ingest.answer = command -> CompletableFuture.failedFuture(new BrokerUnavailableException("down", null, null));
        HttpResponse<String> response = http.postJson(PATH, "{\"itemId\":\"x\"}");
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsMessage() throws Exception {
        http.ingest.answer = command -> CompletableFuture.failedFuture(new IllegalStateException("secret internals"));

        HttpResponse<String> response = http.postJson(PATH, "{\"itemId\":\"x\"}");

        JsonNode p = problem(response, 500, "internal-server-error");
        assertEquals("An unexpected error occurred; see the server log", p.get("detail").asText());
        assertFalse(response.body().contains("secret"), response.body());
    }

    private static JsonNode parse(String text) throws Exception {
        return HttpHarness.JSON.readTree(text);
    }
}
