package dev.sluice.http;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.SubscribeToChannel;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestBean;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * Server-Sent Events for every pull route ({@code to: sse}) at {@code /<route>/stream}. Each event's
 * {@code id:} is a cursor; {@code Last-Event-ID} (or {@code ?lastEventId=}) resumes right after it,
 * {@code ?from=earliest} replays what the topic retains, and the default is "from now".
 */
@Controller
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
    // the subscription may block, so that alone runs on a virtual thread; each event is encoded once and
    // written to the connections of each event loop in one task (SseStreams).
    @RequiresScope("read:{channel}")
    @Get(uri = "/{channel}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Watch a channel as Server-Sent Events",
            description = "Streams the events of an SSE route after its pipeline (for the demo: "
                    + "streams-master-data-json, streams-master-data-xml, streams-master-data-filtered). "
                    + "Each event has id = cursor, event = CloudEvents type, data = the payload on one line.")
    CompletionStage<HttpResponse<SseBody>> stream(
            @PathVariable String channel,
            @RequestBean StreamStart position,
            HttpRequest<?> request) {
        return sse.open(channel, position, request,
                (start, listener) -> channels.subscribe(channel, start, listener));
    }
}
