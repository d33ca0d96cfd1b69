package dev.sluice.http;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.Subscription;
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
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.LinkedBlockingQueue;
import reactor.core.publisher.Flux;
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

    private static final Logger LOG = LoggerFactory.getLogger(StreamController.class);

    /** Where subscriptions are opened: joining a running reader is instant, starting one asks the broker. */
    private static final Executor SUBSCRIBING = Executors.newVirtualThreadPerTaskExecutor();

    private final SubscribeToChannel channels;
    private final SseSettings settings;

    StreamController(SubscribeToChannel channels, SseSettings settings) {
        this.channels = channels;
        this.settings = settings;
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
        StartAt start = startAt(lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader
                : lastEventId, from);
        // bounded, but allocated per buffered event: an idle connection holds no array of buffer slots
        // (bench sse-fanout: tens of thousands of mostly idle connections)
        Sinks.Many<Event<String>> sink = Sinks.many().unicast()
                .onBackpressureBuffer(new LinkedBlockingQueue<>(settings.getBuffer()));
        SubscribeToChannel.Listener listener = new SubscribeToChannel.Listener() {
            @Override
            public void onEvent(SubscribeToChannel.ChannelEvent e) {
                Sinks.EmitResult result = sink.tryEmitNext(Event.of(oneLine(e.data())).id(e.id()).name(e.type()));
                if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
                    LOG.info("channel {}: client too slow ({} events buffered), disconnecting it", channel,
                            settings.getBuffer());
                    sink.tryEmitError(new IllegalStateException("client too slow"));
                }
            }

            @Override
            public void onError(Throwable error) {
                sink.tryEmitError(error);
            }
        };
        Flux<Event<String>> heartbeats = Flux.interval(settings.getHeartbeat())
                .map(i -> Event.<String>of("").comment("heartbeat"))
                .onBackpressureDrop();
        // subscribe before answering: "latest" means the moment of this request, and an unknown channel,
        // a bad cursor or a broker that is down becomes a problem response instead of a broken stream;
        // a first comment then sends the response headers at once, so clients know they are connected
        Flux<Event<String>> connected = Flux.just(Event.<String>of("").comment("connected to " + channel));
        return CompletableFuture.supplyAsync(() -> channels.subscribe(channel, start, listener), SUBSCRIBING)
                .thenApply(subscription -> HttpResponse.<Publisher<Event<String>>>ok(
                                Flux.merge(connected, sink.asFlux(), heartbeats).doFinally(signal -> subscription.close()))
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE));
    }

    /** SSE data may not contain line breaks unless split; payloads are JSON or XML, so fold them. */
    private static String oneLine(String data) {
        return data.indexOf('\n') < 0 && data.indexOf('\r') < 0 ? data : data.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    static StartAt startAt(@Nullable String lastEventId, @Nullable String from) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return StartAt.after(lastEventId.trim());
        }
        if (from == null || from.isBlank() || from.equalsIgnoreCase("latest")) {
            return StartAt.latest();
        }
        if (from.equalsIgnoreCase("earliest")) {
            return StartAt.earliest();
        }
        throw new InvalidInputException("Unknown start position",
                List.of(new Violation("/from", "must be 'earliest' or 'latest', was '" + from + "'")));
    }
}
