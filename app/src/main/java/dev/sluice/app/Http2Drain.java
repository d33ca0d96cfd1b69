package dev.sluice.app;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Closes the HTTP/2 connections when a stop begins, once their streams are done.
 *
 * <p>On a stop Micronaut sends each HTTP/2 connection a GOAWAY and then waits for the client to close it.
 * A client that keeps its idle connection open (the JDK's {@code HttpClient} does) so held every stop for
 * the whole grace period (15 s) and then had it forced. Here, after one round trip's worth of time for the
 * GOAWAY to arrive ({@link #ROUND_TRIP}; RFC 9113, 6.8), each HTTP/2 connection is closed the way Netty
 * closes one: with its GOAWAY, once the streams it is still serving ended (SSE streams end at the drain,
 * see SseDrain), so no request that was under way is cut. HTTP/1.1 connections Micronaut closes itself.
 */
@Singleton
final class Http2Drain implements GracefulShutdownCapable, BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    static final Duration ROUND_TRIP = Duration.ofSeconds(1);

    /** Every open client connection; a closed one leaves the group by itself. */
    private final ChannelGroup connections = new DefaultChannelGroup("sluice-connections", GlobalEventExecutor.INSTANCE);

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                if (role == ChannelRole.CONNECTION) {
                    connections.add(channel);
                }
                return this;
            }
        });
        return event.getBean();
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Channel connection : connections) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.closeFuture().addListener(f -> done.complete(null));
            connection.eventLoop().schedule(() -> {
                // decided on the connection's loop: an h2c connection may have been upgraded meanwhile
                if (connection.pipeline().get(Http2ConnectionHandler.class) != null) {
                    connection.close(); // Netty's HTTP/2 close: GOAWAY, then closed when no stream is active
                } else {
                    done.complete(null); // HTTP/1.1: Micronaut's own graceful shutdown closes it
                }
            }, ROUND_TRIP.toMillis(), TimeUnit.MILLISECONDS);
            closed.add(done);
        }
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }
}
