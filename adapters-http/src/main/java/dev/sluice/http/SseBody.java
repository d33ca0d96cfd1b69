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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The body of an SSE response: the connection whose frames it streams. Written by {@link Writer} straight
 * into Netty's streaming response body on the connection's event loop, so that an event goes from the
 * reader to the socket without a Reactor chain or an encoder per event and connection.
 *
 * <p>Over HTTP/1.1 (uncompressed, the default) only the first piece, the "connected" comment, goes through
 * Micronaut's response body, which writes the response head with it; every later piece is one chunk of
 * HTTP/1.1's chunked encoding, framed here and written straight below the HTTP encoder, so an event costs
 * each connection one write of shared bytes and not a pass through Micronaut's body and Netty's encoder
 * (a third of the event loops' time at 10 000 clients, by the profile). The end of the response still
 * goes through Micronaut, which writes the last chunk and keeps the connection's HTTP state right.
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
        /** Whether HTTP/1.1 pieces may skip Micronaut's body: not when it may compress them. */
        private final boolean chunksBelowEncoder;

        Writer(SseStreams streams, SseSettings settings) {
            this.loops = streams::loop;
            this.chunksBelowEncoder = !settings.isCompression();
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
                if (request.getHttpVersion() == HttpVersion.HTTP_1_1 && chunksBelowEncoder) {
                    wire.codec = channel.pipeline().context(HttpServerCodec.class); // null if not there: Micronaut's way
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
     * connection's cue to send what piled up meanwhile. A chunk written below the encoder reports itself
     * consumed once the socket took all of it.
     */
    private static final class NettyWire implements SseWire, BufferConsumer.Upstream {
        private static final byte[] CRLF = {'\r', '\n'};
        /** The chunk header of the last length framed on this thread: the events of a channel share it. */
        private static final ThreadLocal<ChunkHeader> LAST_HEADER = new ThreadLocal<>();

        private final SseConnection connection;
        private final NettyReadBufferFactory buffers;
        BaseSharedBuffer buffer;
        /** The connection, when the response is HTTP/1.x; null over HTTP/2. */
        Channel http1;
        /** HTTP/1.1 uncompressed: the HTTP codec's place in the pipeline; a write from there skips it. */
        ChannelHandlerContext codec;
        /** The first piece went through Micronaut (and the response head with it): chunks go below from now on. */
        private boolean headOut;

        NettyWire(SseConnection connection, NettyReadBufferFactory buffers) {
            this.connection = connection;
            this.buffers = buffers;
        }

        @Override
        public void write(byte[][] frames, long bytes) {
            if (headOut) {
                writeChunk(frames, bytes);
                return;
            }
            ByteBuf piece = frames.length == 1 ? Unpooled.wrappedBuffer(frames[0]) : Unpooled.wrappedBuffer(frames);
            buffer.add(buffers.adapt(piece));
            // the connection writes again only once this piece is consumed, so after the head and this piece
            headOut = codec != null;
        }

        /** One chunk ({@code size CRLF data CRLF}) of the frames, written and flushed below the HTTP encoder. */
        private void writeChunk(byte[][] frames, long bytes) {
            ByteBuf[] parts = new ByteBuf[frames.length + 2];
            parts[0] = Unpooled.wrappedBuffer(header(bytes));
            for (int i = 0; i < frames.length; i++) {
                parts[i + 1] = Unpooled.wrappedBuffer(frames[i]);
            }
            parts[parts.length - 1] = Unpooled.wrappedBuffer(CRLF);
            ChannelPromise written = codec.newPromise();
            written.addListener(f -> {
                if (f.isSuccess()) {
                    connection.consumed(bytes);
                } else {
                    connection.fail(f.cause());
                }
            });
            codec.writeAndFlush(Unpooled.wrappedUnmodifiableBuffer(parts), written);
        }

        private static byte[] header(long size) {
            ChunkHeader last = LAST_HEADER.get();
            if (last != null && last.size == size) {
                return last.bytes;
            }
            byte[] header = (Long.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            LAST_HEADER.set(new ChunkHeader(size, header));
            return header;
        }

        private record ChunkHeader(long size, byte[] bytes) {}

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
