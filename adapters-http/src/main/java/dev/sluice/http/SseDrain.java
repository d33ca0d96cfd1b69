package dev.sluice.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.web.router.RouteAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Ends every Server-Sent Events stream when a stop begins. Micronaut's graceful shutdown lets each
 * response finish before it closes the connection, and a stream never finishes: one open stream (the
 * console, a dashboard) would hold every stop for the whole grace period and then be cut off. Ended
 * here, the stream closes with its last chunk and the client resumes with its Last-Event-ID: the
 * channel, view and topic streams ({@link SseStreams#drain()}) and any other reactive stream (S5's
 * per-client streams), which this filter cuts short.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class SseDrain implements GracefulShutdownCapable {

    private final Sinks.Empty<Void> draining = Sinks.empty();
    private final SseStreams streams;

    SseDrain(SseStreams streams) {
        this.streams = streams;
    }

    @ResponseFilter
    void endWhenDraining(HttpRequest<?> request, MutableHttpResponse<?> response) {
        boolean stream = RouteAttributes.getRouteInfo(request)
                .filter(route -> route.explicitlyProduces(MediaType.TEXT_EVENT_STREAM_TYPE)).isPresent();
        if (stream && response.getBody().orElse(null) instanceof Publisher<?> events) {
            response.body(Flux.from(events).takeUntilOther(draining.asMono()));
        }
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        draining.tryEmitEmpty();
        streams.drain();
        return CompletableFuture.completedFuture(null);
    }
}
