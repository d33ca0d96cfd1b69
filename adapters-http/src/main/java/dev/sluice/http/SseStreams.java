package dev.sluice.http;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.in.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.sse.Event;
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
 * Serves a subscription as Server-Sent Events: channels, views' changes and topics alike. Each event's
 * {@code id:} is a cursor; {@code Last-Event-ID} (or {@code ?lastEventId=}) resumes right after it,
 * {@code ?from=earliest} replays what the topic retains, and the default is "from now". A client that
 * cannot keep up is cut off alone (a bounded buffer per connection).
 */
@jakarta.inject.Singleton
final class SseStreams {

    private static final Logger LOG = LoggerFactory.getLogger(SseStreams.class);

    /** Where subscriptions are opened: joining a running reader is instant, starting one asks the broker. */
    private static final Executor SUBSCRIBING = Executors.newVirtualThreadPerTaskExecutor();

    /** Opens a subscription from a start position for a listener. */
    @FunctionalInterface
    interface Opener {
        SubscribeToChannel.Subscription open(StartAt start, SubscribeToChannel.Listener listener);
    }

    private final SseSettings settings;

    SseStreams(SseSettings settings) {
        this.settings = settings;
    }

    /**
     * Subscribes from the position the request asks for and answers with the event stream; an unknown
     * name, a bad cursor or a broker that is down becomes a problem response instead of a broken stream.
     */
    CompletionStage<HttpResponse<Publisher<Event<String>>>> open(String channel, StreamStart position, Opener opener) {
        StartAt start = startAt(position.resumeAfter(), position.from());
        // "latest" shares the channel's reader, which waits for nobody; a replay or a resume has its own,
        // which may wait for this connection (SubscribeToChannel.Listener)
        Outlet outlet = start instanceof StartAt.Latest ? new Dropping(channel) : new Paced(channel);
        Flux<Event<String>> heartbeats = Flux.interval(settings.getHeartbeat())
                .map(i -> Event.<String>of("").comment("heartbeat"))
                .onBackpressureDrop();
        // subscribe before answering: "latest" means the moment of this request; a first comment then sends
        // the response headers at once, so clients know they are connected
        Flux<Event<String>> connected = Flux.just(Event.<String>of("").comment("connected to " + channel));
        return CompletableFuture.supplyAsync(() -> opener.open(start, outlet), SUBSCRIBING)
                .thenApply(subscription -> HttpResponse.<Publisher<Event<String>>>ok(
                                Flux.merge(connected, outlet.events(), outlet.cutOff(), heartbeats)
                                        .doFinally(signal -> {
                                            // wake a reader that waits for this connection first, so that
                                            // closing its subscription never waits for that reader
                                            outlet.close();
                                            subscription.close();
                                        }))
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE));
    }

    /**
     * Where a subscription's events wait for its connection: a bounded buffer, allocated per buffered
     * event, so that an idle connection holds no array of buffer slots (bench sse-fanout: tens of
     * thousands of mostly idle connections).
     */
    private abstract class Outlet implements SubscribeToChannel.Listener {
        final String channel;
        final Sinks.Many<Event<String>> sink = Sinks.many().unicast()
                .onBackpressureBuffer(new LinkedBlockingQueue<>(settings.getBuffer()));

        Outlet(String channel) {
            this.channel = channel;
        }

        @Override
        public void onError(Throwable error) {
            sink.tryEmitError(error);
        }

        Event<String> sse(SubscribeToChannel.ChannelEvent e) {
            return Event.of(oneLine(e.data())).id(e.id()).name(e.type());
        }

        Flux<Event<String>> events() {
            return sink.asFlux();
        }

        /** An error here ends the connection at once, whatever is buffered; empty when not needed. */
        Mono<Event<String>> cutOff() {
            return Mono.empty();
        }

        /** The connection is gone. */
        void close() {}
    }

    /**
     * A subscriber of the channel's shared reader ("latest"), which must not wait for anyone: when its
     * buffer is full, this client alone is disconnected.
     */
    private final class Dropping extends Outlet {

        Dropping(String channel) {
            super(channel);
        }

        @Override
        public void onEvent(SubscribeToChannel.ChannelEvent e) {
            if (sink.tryEmitNext(sse(e)) == Sinks.EmitResult.FAIL_OVERFLOW) {
                LOG.info("channel {}: client too slow ({} events buffered), disconnecting it", channel,
                        settings.getBuffer());
                sink.tryEmitError(new IllegalStateException("client too slow"));
            }
        }
    }

    /**
     * A replay or a resume, whose reader is its own: each event first takes a place in the buffer, and
     * while none is free the reader waits, on its thread, until the connection took an event; so the log
     * is read as fast as the client reads. A client that takes nothing for the stall timeout is
     * disconnected.
     */
    private final class Paced extends Outlet {
        /** Free places in the buffer: each event takes one, and gives it back when the connection takes it. */
        private final Semaphore room = new Semaphore(settings.getBuffer());
        private final Sinks.Empty<Event<String>> stalled = Sinks.empty();
        private volatile boolean closed;

        Paced(String channel) {
            super(channel);
        }

        @Override
        public void onEvent(SubscribeToChannel.ChannelEvent e) {
            if (closed) {
                return; // until the reader sees its subscription closed
            }
            try {
                if (!room.tryAcquire(settings.getStallTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                    stalled();
                    return;
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt(); // the reader is being stopped: let it see that
                return;
            }
            if (!closed) {
                sink.tryEmitNext(sse(e));
            }
        }

        private void stalled() {
            if (!closed) {
                closed = true;
                LOG.info("channel {}: client took no event for {}, disconnecting it", channel,
                        settings.getStallTimeout());
                stalled.tryEmitError(new IllegalStateException("client stalled"));
            }
        }

        @Override
        Flux<Event<String>> events() {
            // an event leaves the buffer when the connection asks for it: that frees its place
            return sink.asFlux().doOnNext(e -> room.release());
        }

        @Override
        Mono<Event<String>> cutOff() {
            // not through the buffer: a stalled client would never read up to the error
            return stalled.asMono();
        }

        /** Wakes the reader if it waits for room. */
        @Override
        void close() {
            closed = true;
            room.release();
        }
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
