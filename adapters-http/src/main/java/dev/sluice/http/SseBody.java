package dev.sluice.http;

import io.micronaut.buffer.netty.NettyReadBufferFactory;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpVersion;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.body.ResponseBodyWriter;
import io.micronaut.http.body.TypedMessageBodyWriter;
import io.micronaut.http.body.stream.BaseSharedBuffer;
import io.micronaut.http.body.stream.BodySizeLimits;
import io.micronaut.http.body.stream.BufferConsumer;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.netty.body.NettyByteBodyFactory;
import io.micronaut.http.netty.body.StreamingNettyByteBody;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * The body of an SSE response: the connection whose frames it streams. Written by {@link Writer} straight
 * into Netty's streaming response body on the connection's event loop, so that an event goes from the
 * reader to the socket without a Reactor chain or an encoder per event and connection.
 */
final class SseBody {

    final SseConnection connection;

    SseBody(SseConnection connection) {
        this.connection = connection;
    }

    /** Writes an {@link SseBody}: attaches its connection to the response's streaming body. */
    @jakarta.inject.Singleton
    @Produces(MediaType.TEXT_EVENT_STREAM)
    static final class Writer implements TypedMessageBodyWriter<SseBody>, ResponseBodyWriter<SseBody> {

        private final Function<io.netty.util.concurrent.EventExecutor, SseLoop> loops;

        Writer(SseStreams streams) {
            this.loops = streams::loop;
        }

        @Override
        public @NonNull Argument<SseBody> getType() {
            return Argument.of(SseBody.class);
        }

        @Override
        public @NonNull CloseableByteBody writePiece(@NonNull ByteBodyFactory bodyFactory, @NonNull HttpRequest<?> request,
                @NonNull HttpResponse<?> response, @NonNull Argument<SseBody> type, @NonNull MediaType mediaType,
                SseBody body) throws CodecException {
            if (!(bodyFactory instanceof NettyByteBodyFactory netty)) {
                throw new CodecException("Server-Sent Events are written by the Netty server only");
            }
            SseConnection connection = body.connection;
            NettyWire wire = new NettyWire(connection, netty.readBufferFactory());
            ByteBodyFactory.StreamingBody streaming = netty.createStreamingBody(BodySizeLimits.UNLIMITED, wire);
            wire.buffer = streaming.sharedBuffer();
            if (request instanceof NettyHttpRequest<?> nettyRequest) {
                Channel channel = nettyRequest.getChannelHandlerContext().channel();
                // the connection may end before the response is under way: then no one else tells
                channel.closeFuture().addListener(closed -> connection.close());
                if (request.getHttpVersion() == HttpVersion.HTTP_1_0 || request.getHttpVersion() == HttpVersion.HTTP_1_1) {
                    wire.http1 = channel;
                }
            }
            connection.attach(loops.apply(((StreamingNettyByteBody.SharedBuffer) streaming.sharedBuffer()).eventLoop()), wire);
            return (CloseableByteBody) streaming.rootBody();
        }

        @Override
        public void writeTo(@NonNull Argument<SseBody> type, @NonNull MediaType mediaType, SseBody object,
                @NonNull MutableHeaders outgoingHeaders, @NonNull OutputStream outputStream) throws CodecException {
            throw new CodecException("Server-Sent Events are streamed, not written to an OutputStream");
        }
    }

    /**
     * The response's streaming body as a connection sees it. Netty's response handler writes and flushes
     * what it is given at once, and reports it consumed once the channel is writable again: that is the
     * connection's cue to send what piled up meanwhile.
     */
    private static final class NettyWire implements SseWire, BufferConsumer.Upstream {
        private final SseConnection connection;
        private final NettyReadBufferFactory buffers;
        BaseSharedBuffer buffer;
        /** The connection, when the response is HTTP/1.x; null over HTTP/2. */
        Channel http1;

        NettyWire(SseConnection connection, NettyReadBufferFactory buffers) {
            this.connection = connection;
            this.buffers = buffers;
        }

        @Override
        public void write(byte[][] frames, long bytes) {
            ByteBuf piece = frames.length == 1 ? Unpooled.wrappedBuffer(frames[0]) : Unpooled.wrappedBuffer(frames);
            buffer.add(buffers.adapt(piece));
        }

        @Override
        public void complete() {
            buffer.complete();
        }

        /**
         * Over HTTP/1.1 a response that broke off can only end with its connection, which is closed here.
         * Over HTTP/2 this stream alone is reset (RST_STREAM CANCEL) and the connection's other streams go on.
         * Either way the connection has logged why already: handing the error itself to the body would have
         * Micronaut log it again, as a warning with a stack trace, for every client cut off.
         */
        @Override
        public void fail(Throwable error) {
            if (http1 != null) {
                http1.close();
            } else {
                buffer.error(new Http2Exception(Http2Error.CANCEL, String.valueOf(error.getMessage())));
            }
        }

        @Override
        public void start() {
            connection.start(); // the response's head is written: its body takes data now
        }

        @Override
        public void onBytesConsumed(long bytesConsumed) {
            connection.consumed(bytesConsumed);
        }

        @Override
        public void allowDiscard() {
            connection.close(); // the response was given up: the connection is gone
        }
    }
}
