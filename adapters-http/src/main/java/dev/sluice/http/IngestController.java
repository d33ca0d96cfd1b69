package dev.sluice.http;

import dev.sluice.http.security.Quota;
import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.IngestMasterData;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Scenario S1 ingestion: one master data item or an array of them. Answers only after the log
 * acknowledged every item; a batch with one bad item writes nothing.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "master data")
final class IngestController {

    static final String ITEM_EXAMPLE = """
            {"itemId":"12345","name":"Widget A","category":"Electronics","price":29.99,
             "description":"A high-quality widget","status":"active","lastUpdated":"2024-01-15T10:30:00Z"}""";
    static final String BATCH_EXAMPLE = """
            [{"itemId":"123","name":"Item A","category":"Electronics","price":29.99},
             {"itemId":"456","name":"Item B","category":"Accessories","price":19.99},
             {"itemId":"789","name":"Item C","category":"Electronics","price":49.99}]""";
    static final String RECEIPT_EXAMPLE = """
            {"status":"accepted","topic":"master-data-items","count":1,
             "items":[{"itemId":"12345","eventId":"7d0f6f3e-0c1f-4a57-9d55-1f0f5b0e3b1c","position":"0:41"}]}""";
    static final String PROBLEM_EXAMPLE = """
            {"type":"https://sluice.dev/problems/invalid-input","title":"Invalid input","status":400,
             "detail":"2 fields are invalid","errors":[{"pointer":"/1/price","detail":"must be greater than or equal to 0"},
             {"pointer":"/2/itemId","detail":"is required"}]}""";

    private final IngestMasterData ingest;

    IngestController(IngestMasterData ingest) {
        this.ingest = ingest;
    }

    // any type reaches the method and JsonBodies answers 415 unless it is JSON: the router would take
    // "application/*+json" literally and let a request without Content-Type through
    @RequiresScope("ingest")
    @Quota(Quota.INGEST)
    @Post(uris = {"/streams-master-data/producer", "/api/master-data/items"},
            consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish master data items",
            description = "Accepts one canonical master data item or a JSON array of them and appends them to topic "
                    + "master-data-items, keyed by itemId. Answers after Kafka acknowledged every item (acks=all).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class),
            examples = {@ExampleObject(name = "item", value = ITEM_EXAMPLE),
                    @ExampleObject(name = "batch", value = BATCH_EXAMPLE)}))
    @ApiResponse(responseCode = "200", description = "Every item was written",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "receipt", value = RECEIPT_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "Invalid JSON or invalid fields; nothing written",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "invalid", value = PROBLEM_EXAMPLE)))
    @ApiResponse(responseCode = "413", description = "Body larger than sluice.ingest.max-body-size")
    @ApiResponse(responseCode = "415", description = "Content type is not JSON, or missing")
    @ApiResponse(responseCode = "429", description = "Over the caller's ingest quota; nothing written, retry after Retry-After")
    @ApiResponse(responseCode = "503", description = "The broker did not acknowledge; retry after Retry-After")
    CompletionStage<HttpResponse<byte[]>> publish(HttpRequest<?> request, @Body byte[] body) {
        Object parsed = JsonBodies.parse(request, body);
        boolean batch = parsed instanceof List<?>;
        List<?> items = batch ? (List<?>) parsed : java.util.Collections.singletonList(parsed);
        return ingest.ingest(new IngestMasterData.Command(items, batch)).thenApply(receipt ->
                JsonAnswers.accepted(receipt.topic(), "items", JsonAnswers.entries(receipt.items(), item ->
                        JsonAnswers.entry("itemId", item.itemId(), "eventId", item.eventId(), "position", item.position()))));
    }
}
