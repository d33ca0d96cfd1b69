package dev.sluice.http;

import dev.sluice.http.security.Quota;
import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.BrowseTopics;
import dev.sluice.ports.in.PublishToTopic;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The log's topics: list them, watch any of them as Server-Sent Events (ksqlDB's {@code PRINT 'topic' FROM
 * BEGINNING}), and publish CloudEvents to any of them (what Confluent REST Proxy, Zilla and Mercure offer).
 */
@Controller("/api/topics")
@io.micronaut.context.annotation.Requires(beans = {BrowseTopics.class, PublishToTopic.class})
@Tag(name = "topics")
final class TopicsController {

    static final String STRUCTURED_EXAMPLE = """
            {"specversion":"1.0","id":"order-1001","source":"/shop/checkout","type":"order.placed",
             "subject":"order-1001","time":"2026-01-01T10:00:00Z","datacontenttype":"application/json",
             "partitionkey":"customer-7","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
             "data":{"orderId":"order-1001","customerId":"customer-7","price":29.90}}""";
    static final String BATCH_EXAMPLE = """
            [{"specversion":"1.0","id":"order-1001","source":"/shop/checkout","type":"order.placed",
              "partitionkey":"customer-7","data":{"orderId":"order-1001","price":29.90}},
             {"specversion":"1.0","source":"/shop/checkout","type":"order.placed",
              "data":{"orderId":"order-1002","price":19.90}}]""";
    static final String BINARY_EXAMPLE = """
            {"orderId":"order-1003","customerId":"customer-9","price":49.90}""";
    static final String RECEIPT_EXAMPLE = """
            {"status":"accepted","topic":"orders","count":2,
             "events":[{"id":"order-1001","position":"0:41"},{"id":"3b1f0c9e-5d2a-4f7e-9a61-0c8d2e4b7f15","position":"0:42"}]}""";
    static final String PROBLEM_EXAMPLE = """
            {"type":"https://sluice.dev/problems/invalid-input","title":"Invalid input","status":400,
             "detail":"2 of 3 events are invalid; nothing was written","instance":"/api/topics/orders/events",
             "errors":[{"pointer":"/0/data/price","detail":"required property 'price' not found"},
                       {"pointer":"/2/type","detail":"is required"}]}""";

    private final BrowseTopics topics;
    private final PublishToTopic publisher;
    private final SseStreams sse;

    TopicsController(BrowseTopics topics, PublishToTopic publisher, SseStreams sse) {
        this.topics = topics;
        this.publisher = publisher;
        this.sse = sse;
    }

    @RequiresScope("admin")
    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The topics",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "two topics",
                            value = "[{\"name\": \"interaction\", \"records\": 7302}, {\"name\": \"payment\", \"records\": 526}]")))
    @Operation(summary = "The log's topics", description = "Each topic with the records it holds (-1 where the broker "
            + "cannot tell; a broker that cannot list its topics shows those Sluice's configuration names). Kafka "
            + "Streams' internal topics are left out.")
    List<BrowseTopics.TopicInfo> list() {
        return topics.topics();
    }

    @RequiresScope("admin")
    @Get(uri = "/{topic}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Watch a topic as Server-Sent Events", description = "The topic's events unchanged: id = "
            + "cursor, event = CloudEvents type, data = the payload on one line. Default: from now; ?from=earliest "
            + "from the beginning; Last-Event-ID resumes.")
    CompletionStage<HttpResponse<SseBody>> stream(
            @PathVariable String topic,
            @RequestBean StreamStart position,
            HttpRequest<?> request) {
        return sse.open("topic " + topic, position, request,
                (start, listener) -> topics.subscribe(topic, start, listener));
    }

    // any type reaches the method: the mode follows from it (CloudEventBodies), and binary mode takes any data
    @RequiresScope("ingest")
    @Quota(Quota.INGEST)
    @Post(uri = "/{topic}/events", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Publish CloudEvents to any topic",
            description = "Appends CloudEvents to the topic, creating it on first use, and answers after the log "
                    + "acknowledged every one (acks=all). Three modes of the CloudEvents HTTP binding: structured ("
                    + CloudEventBodies.STRUCTURED + ", one event), batched (" + CloudEventBodies.BATCH + ", a JSON "
                    + "array, all or nothing) and binary (any other Content-Type: the body is the data, the "
                    + "attributes are ce-* headers, percent-encoded). The producer's id, source, type, subject, time, "
                    + "datacontenttype, extensions and data are kept; an id is generated where none is given, and "
                    + "the time is the time of publishing where none is given. The extension partitionkey is the "
                    + "record key (events with one key keep their order). When the topic has a JSON Schema "
                    + "(sluice.topics.<topic>.schema), every event's data must be JSON that matches it. Any bad "
                    + "event makes the request a 400 naming each problem by a pointer into the events (/2/type, "
                    + "/0/data/price), and nothing is written.")
    @RequestBody(required = true, description = "One CloudEvent, a batch of them, or (binary mode) the data alone",
            content = {
                    @Content(mediaType = CloudEventBodies.STRUCTURED, schema = @Schema(implementation = Object.class),
                            examples = @ExampleObject(name = "structured", value = STRUCTURED_EXAMPLE)),
                    @Content(mediaType = CloudEventBodies.BATCH, schema = @Schema(implementation = Object.class),
                            examples = @ExampleObject(name = "batch", value = BATCH_EXAMPLE)),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Object.class),
                            examples = @ExampleObject(name = "binary (with the ce-* headers)", value = BINARY_EXAMPLE)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string"),
                            examples = @ExampleObject(name = "binary, text data", value = "Order 1003 shipped"))})
    @Parameter(name = "ce-specversion", in = ParameterIn.HEADER, description = "Binary mode: 1.0", example = "1.0")
    @Parameter(name = "ce-id", in = ParameterIn.HEADER, description = "Binary mode: the event id (generated when absent)",
            example = "order-1003")
    @Parameter(name = "ce-source", in = ParameterIn.HEADER, description = "Binary mode: a URI reference",
            example = "/shop/checkout")
    @Parameter(name = "ce-type", in = ParameterIn.HEADER, description = "Binary mode: the event type",
            example = "order.placed")
    @Parameter(name = "ce-time", in = ParameterIn.HEADER, description = "Binary mode: RFC 3339 (now when absent)",
            example = "2026-01-01T10:05:00Z")
    @Parameter(name = "ce-partitionkey", in = ParameterIn.HEADER, description = "Binary mode: the record key",
            example = "customer-9")
    @ApiResponse(responseCode = "200", description = "Every event was written; its id and position, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "receipt", value = RECEIPT_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "Not CloudEvents, an invalid topic name, a bad attribute or "
            + "data that breaks the topic's schema; nothing written",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "invalid", value = PROBLEM_EXAMPLE)))
    @ApiResponse(responseCode = "413", description = "Body larger than sluice.ingest.max-body-size")
    @ApiResponse(responseCode = "415", description = "A structured content type other than JSON "
            + "(application/cloudevents+xml, ...)")
    @ApiResponse(responseCode = "429", description = "Over the caller's ingest quota; nothing written, retry after Retry-After")
    @ApiResponse(responseCode = "503", description = "The broker did not acknowledge; retry after Retry-After")
    CompletionStage<HttpResponse<byte[]>> publish(@PathVariable String topic, HttpRequest<?> request,
                                                  @Nullable @Body byte[] body) {
        return publisher.publish(CloudEventBodies.read(topic, request, body)).thenApply(receipt ->
                JsonAnswers.accepted(receipt.topic(), "events", JsonAnswers.entries(receipt.events(), event ->
                        JsonAnswers.entry("id", event.id(), "position", event.position()))));
    }
}
