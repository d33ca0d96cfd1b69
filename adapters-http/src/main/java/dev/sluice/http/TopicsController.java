package dev.sluice.http;

import dev.sluice.ports.in.BrowseTopics;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;

/** The log's topics, and any of them as Server-Sent Events (ksqlDB's {@code PRINT 'topic' FROM BEGINNING}). */
@Controller("/api/topics")
@io.micronaut.context.annotation.Requires(beans = BrowseTopics.class)
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "topics")
final class TopicsController {

    private final BrowseTopics topics;
    private final SseStreams sse;

    TopicsController(BrowseTopics topics, SseStreams sse) {
        this.topics = topics;
        this.sse = sse;
    }

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

    @Get(uri = "/{topic}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Watch a topic as Server-Sent Events", description = "The topic's events unchanged: id = "
            + "cursor, event = CloudEvents type, data = the payload on one line. Default: from now; ?from=earliest "
            + "from the beginning; Last-Event-ID resumes.")
    CompletionStage<HttpResponse<Publisher<Event<String>>>> stream(
            @PathVariable String topic,
            @RequestBean StreamStart position) {
        return sse.open("topic " + topic, position,
                (start, listener) -> topics.subscribe(topic, start, listener));
    }
}
