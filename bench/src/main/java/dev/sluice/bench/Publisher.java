package dev.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * POSTs at a fixed rate (open loop: a slow answer does not delay the next send, it takes another
 * keep-alive connection). By default each request is a single item carrying its send time as a latency
 * mark; the fault checks give {@link Requests} of their own to choose the bodies and hear what became
 * of each request. Netty's HTTP client codec on one event loop thread keeps the load generator's own
 * cost and queueing small.
 */
final class Publisher implements AutoCloseable {

    /** The body of each request, and what became of it; callbacks come from the event loop thread. */
    interface Requests {
        /** The body of request {@code n} (numbered from 0 over the publisher's life), built at send time. */
        byte[] body(long n);

        /** Request {@code n} got an HTTP answer. */
        default void answered(long n, int status) {}

        /** Request {@code n} was sent, but its connection closed before any answer came. */
        default void unanswered(long n) {}

        /** Request {@code n} was never sent: no connection could be opened. */
        default void notSent(long n) {}
    }

    /** The benchmarks' requests: one item each, marked with its send time. */
    static final Requests LATENCY_MARKED = n ->
            Items.item((int) n, Items.mark(System.nanoTime())).getBytes(StandardCharsets.UTF_8);

    private static final int MAX_CONNECTIONS = 256;
    private static final AttributeKey<Long> SENT_AT = AttributeKey.valueOf("sentAt");
    private static final AttributeKey<Long> NUMBER = AttributeKey.valueOf("requestNumber");

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Bootstrap bootstrap;
    private final URI url;
    private final Requests requests;
    private volatile boolean stopped;
    private final ConcurrentLinkedQueue<Channel> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Recorder answerMicros = new Recorder(3);

    Publisher(URI url) {
        this(url, LATENCY_MARKED);
    }

    Publisher(URI url, Requests requests) {
        this.url = url;
        this.requests = requests;
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                        Long at = ctx.channel().attr(SENT_AT).getAndSet(null);
                                        if (at != null) {
                                            answerMicros.recordValue(Math.max(0, (System.nanoTime() - at) / 1000));
                                        }
                                        if (r.status().code() >= 300) {
                                            failed.incrementAndGet();
                                        }
                                        Long n = ctx.channel().attr(NUMBER).getAndSet(null);
                                        if (n != null) {
                                            requests.answered(n, r.status().code());
                                        }
                                        inFlight.decrementAndGet();
                                        idle.add(ctx.channel());
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        open.decrementAndGet();
                                        Long n = ctx.channel().attr(NUMBER).getAndSet(null);
                                        if (ctx.channel().attr(SENT_AT).getAndSet(null) != null) {
                                            failed.incrementAndGet();
                                            inFlight.decrementAndGet();
                                            if (n != null) {
                                                requests.unanswered(n);
                                            }
                                        }
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                });
    }

    /**
     * Publishes for {@code duration} at {@code perSecond}, or until {@link #stop()}; returns when the
     * last answer came (or after 30 s more).
     */
    void publish(int perSecond, Duration duration) throws InterruptedException {
        long period = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long i = 0; !stopped; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long n = sent.getAndIncrement();
            Channel ch = connection();
            if (ch == null) {
                failed.incrementAndGet();
                requests.notSent(n);
                continue;
            }
            byte[] body = requests.body(n);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    url.getRawPath(), Unpooled.wrappedBuffer(body));
            request.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + url.getPort())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            inFlight.incrementAndGet();
            ch.attr(NUMBER).set(n);
            ch.attr(SENT_AT).set(System.nanoTime());
            ch.writeAndFlush(request);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** An idle keep-alive connection, or a new one while fewer than {@link #MAX_CONNECTIONS} are open. */
    private Channel connection() throws InterruptedException {
        Channel ch;
        while ((ch = idle.poll()) != null) {
            if (ch.isActive()) {
                return ch;
            }
        }
        if (open.incrementAndGet() > MAX_CONNECTIONS) {
            open.decrementAndGet();
            return null;
        }
        ChannelFuture connected = bootstrap.connect(url.getHost(), url.getPort()).await();
        if (!connected.isSuccess()) {
            open.decrementAndGet(); // never active, so never inactive either
            return null;
        }
        return connected.channel();
    }

    /** Ends a {@link #publish} running in another thread early; it still waits for the answers. */
    void stop() {
        stopped = true;
    }

    /** Requests sent and not answered yet. */
    int inFlight() {
        return inFlight.get();
    }

    /** Time from send to answer of the POSTs since the previous call, in microseconds. */
    Histogram answers() {
        return answerMicros.getIntervalHistogram();
    }

    /** Requests due so far, whether or not a connection could be had for them. */
    long sent() {
        return sent.get();
    }

    /** Requests not sent, not answered, or answered with a status of 300 or more. */
    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
