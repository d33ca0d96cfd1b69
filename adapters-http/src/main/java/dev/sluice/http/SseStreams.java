package dev.sluice.http;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.in.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Serves a subscription as Server-Sent Events: channels, views' changes and topics alike. Each event's
 * {@code id:} is a cursor; {@code Last-Event-ID} (or {@code ?lastEventId=}) resumes right after it,
 * {@code ?from=earliest} replays what the topic retains, and the default is "from now". A client that
 * cannot keep up is cut off alone (a bounded buffer per connection).
 *
 * <p>The fan-out: an event is encoded once ({@link SseFrames}) and the same bytes go to every
 * connection; the connections of one event loop are written in one task per loop, each with one write
 * and one flush for all it has pending ({@link SseLoop}), straight into Netty's response body
 * ({@link SseBody}).
 */
@jakarta.inject.Singleton
final class SseStreams {

    /** Where subscriptions are opened: joining a running reader is instant, starting one asks the broker. */
    private static final Executor SUBSCRIBING = Executors.newVirtualThreadPerTaskExecutor();

    /** Opens a subscription from a start position for a listener. */
    @FunctionalInterface
    interface Opener {
        SubscribeToChannel.Subscription open(StartAt start, SubscribeToChannel.Listener listener);
    }

    private final SseSettings settings;
    private final ConcurrentHashMap<EventExecutor, SseLoop> loops = new ConcurrentHashMap<>();
    /** The open connections, to end them when the server drains. */
    private final Set<SseConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    SseStreams(SseSettings settings) {
        this.settings = settings;
    }

    /**
     * Subscribes from the position the request asks for and answers with the event stream; an unknown
     * name, a bad cursor or a broker that is down becomes a problem response instead of a broken stream.
     */
    CompletionStage<HttpResponse<SseBody>> open(String channel, StreamStart position, HttpRequest<?> request,
            Opener opener) {
        StartAt start = startAt(position.resumeAfter(), position.from());
        if (request.getMethod() == HttpMethod.HEAD) { // no body will be written: nothing to subscribe for
            return CompletableFuture.completedFuture(HttpResponse.<SseBody>ok().contentType(MediaType.TEXT_EVENT_STREAM_TYPE));
        }
        return CompletableFuture.supplyAsync(() -> connect(channel, start, opener), SUBSCRIBING)
                .thenApply(connection -> HttpResponse.ok(new SseBody(connection))
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE));
    }

    /**
     * Subscribes a new connection from {@code start}. "Latest" shares the channel's reader, which waits for
     * nobody; a replay or a resume has its own, which may wait for this connection. The subscription
     * starts before the answer, since "latest" means the moment of this request; a first comment then
     * sends the response headers at once, so clients know they are connected.
     */
    SseConnection connect(String channel, StartAt start, Opener opener) {
        SseConnection connection = new SseConnection(channel, !(start instanceof StartAt.Latest), settings,
                SseFrames.comment("connected to " + channel), open::remove);
        open.add(connection);
        try {
            connection.subscribed(opener.open(start, connection));
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        if (draining) {
            connection.end();
        }
        return connection;
    }

    /** The SSE side of an event loop. */
    SseLoop loop(EventExecutor executor) {
        return loops.computeIfAbsent(executor, e -> new SseLoop(e, settings.getHeartbeat()));
    }

    /** The server drains for a stop: every stream ends with its last chunk, and so does every later one. */
    void drain() {
        draining = true;
        for (SseConnection connection : open) {
            connection.end();
        }
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
