package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/**
 * Issue 12, item 6 "Exact input": the ingest endpoint takes exactly one well-formed UTF-8 JSON value, keeps
 * decimals digit for digit on every output, and rejects what it cannot carry with a problem naming the
 * pointer, writing nothing. "Nothing written" is proven without waiting on a clock: after a rejection a valid
 * sentinel item is written, and the topic replayed from the start up to that sentinel may hold only items of
 * accepted requests.
 */
class ExactInputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/streams-master-data/producer";
    /** itemIds of every request that was answered 200; nothing else may be on the topic. */
    static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();
    /** The sentinel of the last check; what came before it was checked then. */
    static String previousSentinel;
    static TestSluice sluice;

    @BeforeAll
    static void start() {
        String topic = TestSluice.unique("exact");
        sluice = TestSluice.start(topic, Map.of(
                "sluice.routes.exact-json.from", topic,
                "sluice.routes.exact-json.to", "sse",
                "sluice.routes.exact-xml.from", topic,
                "sluice.routes.exact-xml.pipeline[0].xml", "item",
                "sluice.routes.exact-xml.to", "sse"));
    }

    @AfterAll
    static void stop() {
        if (sluice != null) { // null when start() failed: report that, not an NPE
            sluice.close();
        }
    }

    // ---- duplicate keys and trailing content ----

    @Test
    void aDuplicateKeyIsRejectedNamingItsPointer() throws Exception {
        JsonNode p = problem(post("{\"itemId\":\"bad-dup-1\",\"itemId\":\"bad-dup-2\",\"name\":\"n\"}"), 400);
        assertEquals(List.of("/itemId"), pointers(p));
        assertTrue(p.toString().toLowerCase(java.util.Locale.ROOT).contains("duplicate"), p.toString());
        assertNothingWritten();
    }

    @Test
    void aDuplicateKeyInsideABatchIsNamedWithTheIndex() throws Exception {
        JsonNode p = problem(post("[{\"itemId\":\"bad-dupb-0\",\"name\":\"n\"},"
                + "{\"itemId\":\"bad-dupb-1\",\"name\":\"n\",\"price\":1,\"price\":2}]"), 400);
        assertEquals(List.of("/1/price"), pointers(p));
        assertNothingWritten();
    }

    @Test
    void aSecondValueAfterTheFirstIsRejectedNotDropped() throws Exception {
        JsonNode p = problem(post("{\"itemId\":\"bad-trail-1\",\"name\":\"n\"} {\"itemId\":\"bad-trail-2\",\"name\":\"n\"}"),
                400);
        assertEquals(List.of("/"), pointers(p));
        assertTrue(p.toString().contains("trailing"), p.toString());
        assertNothingWritten();
    }

    @Test
    void trailingGarbageAfterTheValueIsRejected() throws Exception {
        problem(post("{\"itemId\":\"bad-trail-3\",\"name\":\"n\"}]"), 400);
        assertNothingWritten();
    }

    // ---- lone surrogates (JSON escapes) and malformed UTF-8 (bytes) ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a lone high surrogate, a\\ud800b, U+D800",
            "a lone high surrogate at the end, a\\udbff, U+DBFF",
            "a lone low surrogate, \\udc00b, U+DC00",
            "two high surrogates, \\ud800\\ud800, U+D800",
            "a low before a high, \\ude00\\ud83d, U+DE00"})
    void aLoneSurrogateEscapeIsRejectedNamingTheField(String what, String escaped, String codePoint) throws Exception {
        JsonNode p = problem(post("{\"itemId\":\"bad-surrogate\",\"name\":\"" + escaped + "\"}"), 400);
        assertEquals(List.of("/name"), pointers(p), what);
        assertTrue(p.toString().contains(codePoint), p.toString());
        assertNothingWritten();
    }

    @Test
    void aLoneSurrogateInAKeyIsRejected() throws Exception {
        JsonNode p = problem(post("{\"itemId\":\"bad-surrogate-key\",\"name\":\"n\",\"x\\ud800\":1}"), 400);
        assertEquals(List.of("/"), pointers(p), "the object holding the key");
        assertTrue(p.toString().contains("U+D800"), "not just an unknown field: " + p);
        assertNothingWritten();
    }

    @Test
    void aSurrogatePairEscapeIsOneCharacterAndPassesThrough() throws Exception {
        String id = accept("{\"itemId\":\"ok-pair-" + UUID.randomUUID() + "\",\"name\":\"smile \\ud83d\\ude00\"}");
        assertEquals("smile \uD83D\uDE00", JSON.readTree(awaitItem("exact-json", id).data()).get("name").asText());
        Document xml = MasterDataStreamsTest.parseXml(awaitItem("exact-xml", id).data());
        assertEquals("smile \uD83D\uDE00", xml.getElementsByTagName("name").item(0).getTextContent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "an overlong slash (2 bytes), C0AF",
            "an overlong slash (3 bytes), E080AF",
            "an overlong NUL, C080",
            "a CESU-8 high surrogate, EDA080",
            "a CESU-8 surrogate pair, EDA0BDEDB880",
            "a byte that never starts a sequence, FF",
            "a continuation byte alone, 80",
            "a truncated sequence, E282",
            "beyond U+10FFFF, F4908080"})
    void malformedUtf8IsRejected(String what, String hex) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"itemId\":\"bad-utf8\",\"name\":\"x".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(HexFormat.of().parseHex(hex));
        body.writeBytes("y\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode p = problem(send("application/json", HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), 400);
        assertTrue(p.toString().contains("UTF-8"), what + ": " + p);
        assertNothingWritten();
    }

    // ---- exact decimals ----

    @ParameterizedTest(name = "{0} is carried as {1}")
    @CsvSource({
            "29.90, 29.90",
            "29.999999999999999999, 29.999999999999999999",
            "0.0000001, 0.0000001",
            "100.000, 100.000",
            "0, 0",
            "123456789012345678.123456789012345678, 123456789012345678.123456789012345678",
            "1.5e2, 150",
            "2.5E-3, 0.0025"})
    void aPriceArrivesWithTheSameDigitsInJsonAndXml(String sent, String expected) throws Exception {
        String id = accept("{\"itemId\":\"ok-price-" + UUID.randomUUID() + "\",\"name\":\"n\",\"price\":" + sent + "}");
        String json = awaitItem("exact-json", id).data();
        assertTrue(json.matches(".*\"price\":" + java.util.regex.Pattern.quote(expected) + "[,}].*"), json);
        String xml = awaitItem("exact-xml", id).data();
        assertTrue(xml.contains("<price>" + expected + "</price>"), xml);
        assertEquals(expected, MasterDataStreamsTest.parseXml(xml).getElementsByTagName("price").item(0).getTextContent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1000 digits, 1000",
            "19 integer digits, 19",
            "19 fractional digits, 0.19",
            "a huge exponent, 1e400",
            "a tiny exponent, 1e-400",
            "an exponent that only adds digits, 1e18",
            "21 fractional digits even if zero, 1.000000000000000000000"})
    void aPriceBeyondTheBoundIsRejectedNamingTheLimit(String what, String price) throws Exception {
        String sent = switch (price) {
            case "1000" -> "9".repeat(1000);
            case "19" -> "1".repeat(19);
            case "0.19" -> "0." + "1".repeat(19);
            default -> price;
        };
        JsonNode p = problem(post("{\"itemId\":\"bad-price\",\"name\":\"n\",\"price\":" + sent + "}"), 400);
        assertEquals(List.of("/price"), pointers(p), what);
        assertTrue(p.toString().contains("18"), what + ": the limit is named: " + p);
        assertNothingWritten();
    }

    // ---- characters XML 1.0 cannot hold ----

    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource({
            "itemId, \\u0000, U+0000",
            "name, \\u0001, U+0001",
            "name, \\u0008, U+0008",
            "description, \\u000b, U+000B",
            "description, \\f, U+000C",
            "category, \\u000e, U+000E",
            "status, \\u001f, U+001F",
            "name, \\ufffe, U+FFFE",
            "description, \\uffff, U+FFFF"})
    void aCharacterXmlCannotHoldIsRejectedNamingFieldAndCharacter(String field, String escaped, String codePoint)
            throws Exception {
        Map<String, String> members = new java.util.LinkedHashMap<>(); // member name -> JSON text of its value
        members.put("itemId", "\"bad-xmlchar\"");
        members.put("name", "\"n\"");
        members.put(field, "\"x" + escaped + "y\"");
        StringBuilder body = new StringBuilder("{");
        members.forEach((name, value) -> body.append(body.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value));
        JsonNode p = problem(post(body.append('}').toString()), 400);
        assertEquals(List.of("/" + field), pointers(p), body.toString());
        assertTrue(p.toString().contains(codePoint), p.toString());
        assertNothingWritten();
    }

    @Test
    void nonCharactersSentAsRawUtf8AreRejectedToo() throws Exception {
        JsonNode p = problem(post("{\"itemId\":\"bad-raw-fffe\",\"name\":\"x\uFFFEy\"}"), 400);
        assertEquals(List.of("/name"), pointers(p));
        assertTrue(p.toString().contains("U+FFFE"), p.toString());
        assertNothingWritten();
    }

    @Test
    void tabLineFeedAndCarriageReturnAreFineAndTheXmlStaysWellFormed() throws Exception {
        String id = accept("{\"itemId\":\"ok-ws-" + UUID.randomUUID()
                + "\",\"name\":\"n\",\"description\":\"a\\tb\\nc\\rd\"}");
        assertEquals("a\tb\nc\rd", JSON.readTree(awaitItem("exact-json", id).data()).get("description").asText());
        Document xml = MasterDataStreamsTest.parseXml(awaitItem("exact-xml", id).data());
        assertTrue(xml.getElementsByTagName("description").item(0).getTextContent().startsWith("a\tb"),
                "the XML document parses and keeps the tab");
    }

    // ---- content type ----

    @Test
    void aRequestWithoutContentTypeGets415() throws Exception {
        HttpResponse<String> r = TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri(PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{\"itemId\":\"bad-no-type\",\"name\":\"n\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.request().headers().firstValue("Content-Type").isEmpty(), "the client sent no Content-Type");
        problem(r, 415);
        assertNothingWritten();
    }

    @Test
    void aPlusJsonTypeIsAccepted() throws Exception {
        String id = "ok-plus-json-" + UUID.randomUUID();
        HttpResponse<String> r = send("application/vnd.sluice.item+json; charset=utf-8",
                HttpRequest.BodyPublishers.ofString("{\"itemId\":\"" + id + "\",\"name\":\"n\"}"));
        assertEquals(200, r.statusCode(), r.body());
        ACCEPTED.add(id);
    }

    // ---- helpers ----

    private static HttpResponse<String> send(String contentType, HttpRequest.BodyPublisher body) throws Exception {
        return TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri(PATH)).header("Content-Type", contentType)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String json) throws Exception {
        return send("application/json", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** Posts one item that must be accepted; returns its itemId. */
    private static String accept(String item) throws Exception {
        HttpResponse<String> r = post(item);
        assertEquals(200, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("items").get(0).get("itemId").asText();
        ACCEPTED.add(id);
        return id;
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(status, body.get("status").asInt());
        return body;
    }

    private static List<String> pointers(JsonNode problem) {
        List<String> out = new ArrayList<>();
        if (problem.has("errors")) {
            problem.get("errors").forEach(e -> out.add(e.get("pointer").asText()));
        }
        return out;
    }

    /** The first event of {@code channel}, replayed from the start, that carries item {@code itemId}. */
    private static SseClient.Event awaitItem(String channel, String itemId) throws Exception {
        Predicate<SseClient.Event> carries = e -> e.data().contains("\"itemId\":\"" + itemId + "\"")
                || e.data().contains("<itemId>" + itemId + "</itemId>");
        try (SseClient replay = SseClient.connect(sluice.uri("/" + channel + "/stream?from=earliest"), null)) {
            assertEquals(200, replay.status);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (SseClient.Event e : replay.events) {
                    if (carries.test(e)) {
                        return e;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError(itemId + " did not reach " + channel + "; got " + replay.events.size() + " events");
        }
    }

    /**
     * Writes a sentinel item and replays the topic up to it: every event after the previous sentinel must be
     * an item of an accepted request. The log is ordered and the rejected request was answered before the
     * sentinel was sent, so whatever it had written would come before the sentinel. Starting after the
     * previous sentinel keeps one test's leak from failing the tests after it.
     */
    private static void assertNothingWritten() throws Exception {
        String sentinel = accept("{\"itemId\":\"ok-sentinel-" + UUID.randomUUID() + "\",\"name\":\"s\"}");
        List<String> since = new ArrayList<>();
        try (SseClient replay = SseClient.connect(sluice.uri("/exact-json/stream?from=earliest"), null)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                since.clear();
                boolean found = false;
                for (SseClient.Event e : List.copyOf(replay.events)) {
                    String id = JSON.readTree(e.data()).path("itemId").asText("<none>");
                    if (id.equals(sentinel)) {
                        found = true;
                        break;
                    }
                    if (id.equals(previousSentinel)) {
                        since.clear();
                    } else {
                        since.add(e.data());
                    }
                }
                if (found) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the sentinel " + sentinel + " did not arrive; got " + replay.events.size());
                }
                Thread.sleep(20);
            }
        } finally {
            previousSentinel = sentinel;
        }
        for (String data : since) {
            String id = JSON.readTree(data).path("itemId").asText("<none>");
            assertTrue(ACCEPTED.contains(id), "an item of a rejected request is on the topic: " + data);
        }
    }
}
