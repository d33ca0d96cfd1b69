package dev.sluice.http;

import static dev.sluice.http.HttpHarness.json;
import static dev.sluice.http.HttpHarness.pointers;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.PublishToTopic;
import dev.sluice.ports.in.Violation;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/topics/{topic}/events} against a fake {@link PublishToTopic}: what each CloudEvents mode
 * (structured, batched, binary) hands the in-port, the 400s for what is not CloudEvents (with the pointer of
 * each problem, the in-port never called), 415 for a structured type other than JSON, and how the in-port's
 * answers become HTTP answers.
 */
class TopicsControllerTest extends AgainstFakePorts {

    static final String PATH = "/api/topics/orders/events";
    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private static PublishToTopic.Event onlyEvent() {
        assertEquals(1, http.topics.commands.size(), http.topics.commands.toString());
        PublishToTopic.Command command = http.topics.commands.getFirst();
        assertEquals(1, command.events().size());
        return command.events().getFirst();
    }

    private static String utf8(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> binary(String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(PATH)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request);
    }

    @Test
    void aStructuredEventIsHandedOverWithEveryAttributeAndItsDataAsSent() throws Exception {
        HttpResponse<String> response = http.post(PATH, STRUCTURED, TopicsController.STRUCTURED_EXAMPLE);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpHarness.JSON.readTree("""
                {"status":"accepted","topic":"orders","count":1,"events":[{"id":"order-1001","position":"0:40"}]}"""),
                json(response));
        PublishToTopic.Command command = http.topics.commands.getFirst();
        assertEquals("orders", command.topic());
        assertFalse(command.batch());
        PublishToTopic.Event e = onlyEvent();
        assertEquals("1.0", e.specVersion());
        assertEquals("order-1001", e.id());
        assertEquals("/shop/checkout", e.source());
        assertEquals("order.placed", e.type());
        assertEquals("order-1001", e.subject());
        assertEquals(Instant.parse("2026-01-01T10:00:00Z"), e.time());
        assertEquals("application/json", e.dataContentType());
        assertEquals(Map.of("partitionkey", "customer-7",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), e.extensions());
        assertEquals("{\"orderId\":\"order-1001\",\"customerId\":\"customer-7\",\"price\":29.90}", utf8(e.data()),
                "data as sent, its decimal digit for digit");
    }

    @Test
    void whatTheUseCaseJudgesIsHandedOverAsGiven() throws Exception {
        assertEquals(200, http.post(PATH, STRUCTURED, """
                {"specversion":"0.3","source":"not a uri","data":{"x":1}}""").statusCode());

        PublishToTopic.Event e = onlyEvent();
        assertEquals("0.3", e.specVersion());
        assertNull(e.id(), "no id: the use case generates one");
        assertEquals("not a uri", e.source());
        assertNull(e.type());
        assertNull(e.time(), "no time: the use case takes now");
        assertEquals("application/json", e.dataContentType(), "data without a datacontenttype is JSON");
    }

    @Test
    void dataThatIsNotJsonIsAStringOrBase64() throws Exception {
        http.post(PATH, STRUCTURED, """
                {"specversion":"1.0","id":"t","source":"/s","type":"t","datacontenttype":"text/plain","data":"plain words"}""");
        http.post(PATH, STRUCTURED, """
                {"specversion":"1.0","id":"b","source":"/s","type":"t","datacontenttype":"application/octet-stream",
                 "data_base64":"AAEC/w=="}""");

        assertEquals("plain words", utf8(http.topics.commands.get(0).events().getFirst().data()));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, http.topics.commands.get(1).events().getFirst().data());
        assertEquals("application/octet-stream", http.topics.commands.get(1).events().getFirst().dataContentType());
    }

    @Test
    void aBatchIsOneCommandInRequestOrder() throws Exception {
        HttpResponse<String> response = http.post(PATH, BATCH, TopicsController.BATCH_EXAMPLE);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = json(response);
        assertEquals(2, answer.get("count").asInt());
        assertEquals(List.of("order-1001", "generated-1"), answer.get("events").findValuesAsText("id"));
        PublishToTopic.Command command = http.topics.commands.getFirst();
        assertTrue(command.batch());
        assertEquals("order-1001", command.events().get(0).id());
        assertEquals(Map.of("partitionkey", "customer-7"), command.events().get(0).extensions());
        assertNull(command.events().get(1).id());
        assertEquals("{\"orderId\":\"order-1002\",\"price\":19.90}", utf8(command.events().get(1).data()));
    }

    @Test
    void whatIsNotCloudEventsJsonIs400NamingEveryBadEventAndNothingIsPublished() throws Exception {
        JsonNode p = problem(http.post(PATH, BATCH, """
                [{"specversion":"1.0","source":"/s","type":"t","time":"yesterday"},
                 "an event",
                 {"specversion":"1.0","source":"/s","type":42,"Trace-Id":"x","tags":["a"],"rank":1.5},
                 {"specversion":"1.0","source":"/s","type":"t","data":{},"data_base64":"AA=="},
                 {"specversion":"1.0","source":"/s","type":"t","dataschema":"https://shop.example/order.json"},
                 {"specversion":"1.0","source":"/s","type":"t","datacontenttype":"text/plain","data":{"a":1}},
                 {"specversion":"1.0","source":"/s","type":"t","data_base64":"not base64!"},
                 {"specversion":"1.0","source":"/s","type":"t","note":null}]"""), 400, "invalid-input");

        assertEquals("7 of 8 events are not CloudEvents JSON; nothing was written", p.get("detail").asText());
        assertEquals(List.of("/0/time", "/1", "/2/type", "/2/Trace-Id", "/2/tags", "/2/rank", "/3/data_base64",
                "/4/dataschema", "/5/data", "/6/data_base64"), pointers(p));
        assertEquals(List.of(), http.topics.commands);
    }

    @Test
    void aBatchMustBeAnArrayAndAnEventAnObject() throws Exception {
        JsonNode notArray = problem(http.post(PATH, BATCH, TopicsController.STRUCTURED_EXAMPLE), 400, "invalid-input");
        assertEquals(List.of("/"), pointers(notArray));
        assertTrue(notArray.get("errors").get(0).get("detail").asText().contains("JSON array"), notArray.toString());

        JsonNode notObject = problem(http.post(PATH, STRUCTURED, TopicsController.BATCH_EXAMPLE), 400, "invalid-input");
        assertEquals(List.of("/"), pointers(notObject));
        assertTrue(notObject.toString().contains(BATCH), "says where a batch goes: " + notObject);

        JsonNode malformed = problem(http.post(PATH, STRUCTURED, "{\"specversion\":\"1.0\","), 400, "invalid-input");
        assertTrue(malformed.get("errors").get(0).get("detail").asText().startsWith("not valid JSON"), malformed.toString());
        JsonNode repeated = problem(http.post(PATH, STRUCTURED, "{\"id\":\"a\",\"id\":\"b\"}"), 400, "invalid-input");
        assertEquals(List.of("/id"), pointers(repeated));
        assertEquals(List.of(), http.topics.commands);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/cloudevents+xml", "application/cloudevents-batch+avro", "application/cloudevents"})
    void aStructuredTypeOtherThanJsonIs415(String type) throws Exception {
        JsonNode p = problem(http.post(PATH, type, "<event/>"), 415, "unsupported-media-type");
        assertTrue(p.get("detail").asText().contains(type), p.toString());
        assertEquals(List.of(), http.topics.commands);
    }

    @Test
    void binaryModeReadsTheCeHeadersAndTakesTheBodyAsTheDataWhateverItsType() throws Exception {
        HttpResponse<String> response = binary("application/xml; charset=utf-8", "<order id=\"1003\"><price>49.90</price></order>",
                "ce-specversion", "1.0", "ce-id", "order-1003", "ce-source", "/shop/checkout", "ce-type", "order.placed",
                "ce-subject", "%E6%97%A5%E6%9C%AC", "ce-time", "2026-01-01T10:05:00.5+01:00",
                "ce-partitionkey", "customer-9", "ce-traceparent", "00-abc-01", "ce-sluiceheaders", "Trace-Id=t%201");

        assertEquals(200, response.statusCode(), response.body());
        PublishToTopic.Event e = onlyEvent();
        assertEquals("1.0", e.specVersion());
        assertEquals("order-1003", e.id());
        assertEquals("/shop/checkout", e.source());
        assertEquals("order.placed", e.type());
        assertEquals("日本", e.subject(), "percent-decoded as the HTTP binding encodes");
        assertEquals(Instant.parse("2026-01-01T09:05:00.5Z"), e.time());
        assertEquals("application/xml; charset=utf-8", e.dataContentType());
        assertEquals(Map.of("partitionkey", "customer-9", "traceparent", "00-abc-01", "Trace-Id", "t 1"), e.extensions());
        assertEquals("<order id=\"1003\"><price>49.90</price></order>", utf8(e.data()));
    }

    @Test
    void binaryModeHandsOverWhatIsMissingAsMissing() throws Exception {
        assertEquals(200, binary("text/plain", "just text", "ce-source", "/s").statusCode());
        PublishToTopic.Event e = onlyEvent();
        assertNull(e.specVersion());
        assertNull(e.id());
        assertNull(e.type());
        assertNull(e.time());
        assertEquals("just text", utf8(e.data()));

        http.reset();
        assertEquals(200, binary(null, "", "ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t").statusCode());
        assertNull(onlyEvent().dataContentType(), "no Content-Type: the use case's default");
        assertEquals(0, onlyEvent().data().length);
    }

    @Test
    void binaryHeadersThatCannotBeReadAre400() throws Exception {
        JsonNode p = problem(binary("text/plain", "x", "ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t",
                "ce-subject", "%E6%97", "ce-id", "100%"), 400, "invalid-input");
        assertEquals(List.of("/id", "/subject"), pointers(p).stream().sorted().toList());

        JsonNode time = problem(binary("text/plain", "x", "ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t",
                "ce-time", "today"), 400, "invalid-input");
        assertEquals(List.of("/time"), pointers(time));
        assertEquals(List.of(), http.topics.commands);
    }

    @Test
    void theInPortsViolationsAre400WithTheirPointers() throws Exception {
        http.topics.answer = command -> CompletableFuture.failedFuture(new InvalidInputException(
                "2 of 3 events are invalid; nothing was written", List.of(new Violation("/0/data/price",
                "required property 'price' not found"), new Violation("/2/type", "is required"))));

        JsonNode p = problem(http.post(PATH, BATCH, "[{},{},{}]".replace("{}",
                "{\"specversion\":\"1.0\",\"source\":\"/s\"}")), 400, "invalid-input");

        assertEquals("2 of 3 events are invalid; nothing was written", p.get("detail").asText());
        assertEquals(List.of("/0/data/price", "/2/type"), pointers(p));
        assertEquals(PATH, p.get("instance").asText());
    }

    @Test
    void aBrokerThatDidNotAcknowledgeIs503WithRetryAfter() throws Exception {
        http.topics.answer = command -> CompletableFuture.failedFuture(
                new BrokerUnavailableException("append to orders failed", Duration.ofSeconds(4), null));

        HttpResponse<String> response = http.post(PATH, STRUCTURED, TopicsController.STRUCTURED_EXAMPLE);

        problem(response, 503, "broker-unavailable");
        assertEquals("4", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        problem(binary("text/plain", "x".repeat(4096), "ce-specversion", "1.0", "ce-source", "/s", "ce-type", "t"),
                413, "request-entity-too-large");
        assertEquals(List.of(), http.topics.commands);
    }
}
