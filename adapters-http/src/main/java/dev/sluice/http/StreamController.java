package dev.sluice.http;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.in.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.LinkedBlockingQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Server-Sent Events for every pull route ({@code to: sse}) at {@code /<route>/stream}. Each event's
 * {@code id:} is a cursor; {@code Last-Event-ID} (or {@code ?lastEventId=}) resumes right after it,
 * {@code ?from=earliest} replays what the topic retains, and the default is "from now".
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "streams")
final class StreamController {

    private final SubscribeToChannel channels;
    private final SseStreams sse;

    StreamController(SubscribeToChannel channels, SseStreams sse) {
        this.channels = channels;
        this.sse = sse;
    }

    // no @ExecuteOn: Micronaut would then hand every event of every connection to the blocking
    // executor (publishOn), one task per delivery (bench sse-fanout, profiled with JFR). Only opening
    // the subscription may block, so that alone runs on a virtual thread; events are written from the
    // reader's thread straight to each connection.
    @Get(uri = "/{channel}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Watch a channel as Server-Sent Events",
            description = "Streams the events of an SSE route after its pipeline (for the demo: "
                    + "streams-master-data-json, streams-master-data-xml, streams-master-data-filtered). "
                    + "Each event has id = cursor, event = CloudEvents type, data = the payload on one line.")
    CompletionStage<HttpResponse<Publisher<Event<String>>>> stream(
            @PathVariable String channel,
            @Parameter(description = "Resume right after this event id (sent by EventSource on reconnect)")
            @Header(value = "Last-Event-ID") @Nullable String lastEventIdHeader,
            @Parameter(description = "Resume right after this event id (for pages that hand it over)")
            @QueryValue @Nullable String lastEventId,
            @Parameter(description = "'earliest' replays what the topic retains; default 'latest' (now)")
            @QueryValue @Nullable String from) {
        return sse.open(channel, lastEventIdHeader, lastEventId, from,
                (start, listener) -> channels.subscribe(channel, start, listener));
    }
}
