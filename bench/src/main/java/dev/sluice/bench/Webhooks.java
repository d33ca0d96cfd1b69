package dev.sluice.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Benchmark 5: webhook deliveries/s from a push route (commit after 2xx) to a receiver in this JVM that
 * answers 200 at once, and one that waits 50 ms first, each at route concurrency 1 and higher. The
 * baseline is a plain JDK HTTP client posting the same number of requests straight to the same
 * receiver at the same concurrency. The topic is filled before the route starts, so ingest does not
 * pace delivery.
 */
final class Webhooks {

    private Webhooks() {}

    record Case(String name, int delayMillis, int concurrency, int events) {}

    static void run(Run run) throws Exception {
        List<Case> cases = List.of(
                new Case("webhook-fast-c1", 0, 1, run.pick(2_000, 50_000)),
                new Case("webhook-fast-c16", 0, 16, run.pick(6_000, 100_000)),
                new Case("webhook-50ms-c1", 50, 1, run.pick(40, 200)),
                new Case("webhook-50ms-c64", 50, 64, run.pick(1_000, 10_000)));
        int most = cases.stream().mapToInt(Case::events).max().orElseThrow();
        String topic = run.topic("webhook");
        try (Run.Sluice filler = run.sluice("webhook-fill", "", Map.of("SLUICE_INGEST_TOPIC", topic), List.of())) {
            fill(filler.uri("/api/master-data/items"), most);
        }
        try (Receiver receiver = new Receiver()) {
            for (Case c : cases) {
                receiver.reset(c.delayMillis(), c.events());
                double direct = direct(receiver, c);
                receiver.reset(c.delayMillis(), c.events());
                String config = """
                        sluice:
                          webhooks:
                            allowed-networks: [127.0.0.0/8]   # the receiver runs in this JVM
                          routes:
                            bench-hook:
                              from: %s
                              group: %s
                              to: webhook
                              concurrency: %d
                              options:
                                url: %s
                        """.formatted(topic, c.name() + "-" + System.nanoTime(), c.concurrency(), receiver.url());
                double sluice;
                try (Run.Sluice s = run.sluice(c.name(), config, Map.of("SLUICE_INGEST_TOPIC", topic), List.of())) {
                    sluice = receiver.awaitRate(Duration.ofSeconds(30 + c.events() / 100));
                }
                Figure f = new Figure(c.name(), "deliveries/s", sluice, "direct HTTP client, same concurrency", direct,
                        "", null, c.events() + " events, receiver " + (c.delayMillis() == 0 ? "answers at once"
                        : "waits " + c.delayMillis() + " ms") + ", route concurrency " + c.concurrency());
                if (c.name().equals("webhook-fast-c16")) {
                    f = f.withTarget(">= 5000/s", sluice >= 5000);
                } else if (c.name().equals("webhook-50ms-c64")) {
                    f = f.withTarget("ratio >= 0.85", sluice / direct >= 0.85);
                }
                run.results.add(f);
            }
        }
    }

    /** Ingests {@code count} items in batches of 1 000. */
    private static void fill(URI ingest, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String batch = Items.batch(1000);
        for (int done = 0; done < count; done += 1000) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(ingest).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("fill failed: " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** The baseline: {@code c.concurrency} threads POSTing straight to the receiver. */
    private static double direct(Receiver receiver, Case c) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] body = Items.item(1, "").getBytes();
        AtomicLong left = new AtomicLong(c.events());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < c.concurrency(); t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        http.send(HttpRequest.newBuilder(receiver.url()).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        left.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return receiver.awaitRate(Duration.ofSeconds(10));
    }

    /**
     * An HTTP receiver on Netty (the event loop of this JVM, no thread per request) answering 200,
     * optionally after a delay scheduled on the event loop, timing the requests it counts. For the
     * fault checks it can also hand over the body of every request it answered, and hang: hold requests
     * without answering them.
     */
    static final class Receiver implements AutoCloseable {
        private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        private final Channel channel;
        private final AtomicLong received = new AtomicLong();
        private final AtomicInteger answering = new AtomicInteger();
        private final AtomicLong heldTotal = new AtomicLong();
        private final Set<Channel> held = ConcurrentHashMap.newKeySet();
        private volatile boolean holding;
        private volatile Consumer<String> bodies;
        private volatile long warm;
        private volatile long from;
        private volatile long last;
        private volatile int delayMillis;
        private volatile long expected;

        Receiver() throws InterruptedException {
            channel = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                    new SimpleChannelInboundHandler<FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                            if (holding) {
                                                // hung: no answer; hold(false) closes the connection
                                                held.add(ctx.channel());
                                                heldTotal.incrementAndGet();
                                                return;
                                            }
                                            boolean keepAlive = HttpUtil.isKeepAlive(request);
                                            String body = bodies == null ? null
                                                    : request.content().toString(StandardCharsets.UTF_8);
                                            answering.incrementAndGet();
                                            if (delayMillis > 0) {
                                                ctx.executor().schedule(() -> answer(ctx, keepAlive, body),
                                                        delayMillis, TimeUnit.MILLISECONDS);
                                            } else {
                                                answer(ctx, keepAlive, body);
                                            }
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            ctx.close(); // a sender that died (a fault check kills Sluice) resets its connections
                                        }
                                    });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
        }

        private void answer(ChannelHandlerContext ctx, boolean keepAlive, String body) {
            answering.decrementAndGet();
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            Consumer<String> listener = bodies;
            if (body != null && listener != null) {
                // delivered = answered 200 on an open connection (not one the sender already gave up)
                ctx.writeAndFlush(response).addListener(written -> {
                    if (written.isSuccess()) {
                        listener.accept(body);
                    }
                });
            } else {
                ctx.writeAndFlush(response);
            }
            long n = received.incrementAndGet();
            long now = System.nanoTime();
            if (n == warm) {
                from = now;
            }
            if (n == expected) {
                last = now;
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/hook");
        }

        /** From now on, hands the body of every request answered 200 to {@code listener}. */
        void onAnswered(Consumer<String> listener) {
            this.bodies = listener;
        }

        /**
         * {@code true}: hang, holding every new request without an answer; {@code false}: answer again,
         * closing the connections of the requests held.
         */
        void hold(boolean on) {
            holding = on;
            if (!on) {
                held.forEach(Channel::close);
                held.clear();
            }
        }

        /** Requests held without an answer since this receiver started. */
        long heldTotal() {
            return heldTotal.get();
        }

        /** Requests read and not answered yet (waiting out the delay). */
        int answering() {
            return answering.get();
        }

        void reset(int delayMillis, long expected) {
            this.delayMillis = delayMillis;
            this.expected = expected;
            this.warm = Math.max(1, expected / 5);
            received.set(0);
            from = 0;
            last = 0;
        }

        /**
         * Waits for the expected number of requests: requests/s over the last four fifths (the first
         * fifth warms a fresh JVM).
         */
        double awaitRate(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (last == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("receiver got " + received.get() + " of " + expected
                            + " requests within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(20);
            }
            return (expected - warm) / ((last - from) / 1e9);
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
