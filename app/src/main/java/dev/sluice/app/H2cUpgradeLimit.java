package dev.sluice.app;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import jakarta.inject.Singleton;

/**
 * Keeps HTTP/1.1 requests with a body working when their client also asks to upgrade to h2c.
 *
 * <p>With {@code micronaut.server.http-version: 2.0} a cleartext connection may switch to HTTP/2 by the
 * {@code Upgrade: h2c} header of its first request. Netty's upgrade handler buffers that whole request,
 * up to {@code micronaut.server.netty.max-h2c-upgrade-request-size} (8 KiB), and answers a larger one with a
 * bare 413 and no body, before Sluice sees it. Clients that ask for the upgrade on every new connection (the
 * JDK's {@code HttpClient}, whose default version is HTTP/2) would so get 413 for any POST of more than
 * 8 KiB, well under the 1 MiB that {@code sluice.ingest.max-body-size} allows, and a too large body would
 * not get its problem+json. A server may ignore an {@code Upgrade} header (RFC 9110, 7.8): this handler
 * removes it from a first request whose body is larger than that limit or of unknown length (chunked), so
 * that request is served over HTTP/1.1 like any other, and the client's next connection may upgrade.
 * Requests without a body, or with a small one, upgrade as before; TLS connections (ALPN) are not touched.
 */
@Singleton
final class H2cUpgradeLimit implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final NettyHttpServerConfiguration server;

    H2cUpgradeLimit(NettyHttpServerConfiguration server) {
        this.server = server;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new OnConnection(channel, server.getMaxH2cUpgradeRequestSize()) : this;
            }
        });
        return event.getBean();
    }

    /** One cleartext connection: puts the guard in front of Netty's upgrade handler, if there is one. */
    private record OnConnection(Channel channel, int limit) implements NettyServerCustomizer {

        @Override
        public NettyServerCustomizer specializeForChannel(Channel child, ChannelRole role) {
            return this;
        }

        @Override
        public void onInitialPipelineBuilt() {
            ChannelHandlerContext upgrade = channel.pipeline().context(HttpServerUpgradeHandler.class);
            if (upgrade != null) {
                channel.pipeline().addBefore(upgrade.name(), "sluice-h2c-upgrade-limit", new Guard(limit));
            }
        }
    }

    /** Looks at the first request of a connection only, then leaves the pipeline. */
    static final class Guard extends ChannelInboundHandlerAdapter {

        private final int limit;

        Guard(int limit) {
            this.limit = limit;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                if (request.headers().contains(HttpHeaderNames.UPGRADE) && !fits(request, limit)) {
                    request.headers().remove(HttpHeaderNames.UPGRADE);
                    request.headers().remove("HTTP2-Settings");
                }
                ctx.fireChannelRead(msg);
                // gone already when Micronaut's HTTP/1.1 fallback sent the request through the pipeline again
                if (!ctx.isRemoved()) {
                    ctx.pipeline().remove(this);
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }

        /** A connection that opened with the HTTP/2 preface (prior knowledge) sends no HTTP/1.1 request. */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent && !ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
            ctx.fireUserEventTriggered(event);
        }

        /** Whether the request's body is known to be at most {@code limit} bytes (none counts as 0). */
        static boolean fits(HttpRequest request, int limit) {
            if (HttpUtil.isTransferEncodingChunked(request)) {
                return false;
            }
            try {
                return HttpUtil.getContentLength(request, 0L) <= limit;
            } catch (NumberFormatException malformed) {
                return false; // left to the HTTP/1.1 path, which answers it
            }
        }
    }
}
