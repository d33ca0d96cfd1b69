package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-Sent Events and the REST API over HTTP/2: many streams of one channel on one connection, by each
 * way a client gets there (h2c by the HTTP/1.1 Upgrade header, h2c by prior knowledge, h2 over TLS by
 * ALPN), while HTTP/1.1 clients are served as before on the same ports. A counting TCP forwarder in front
 * of Sluice proves that a client used one connection.
 */
class Http2Test {

    static final int STREAMS = 50;
    static final int EVENTS = 5;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestSluice sluice;
    static int httpPort;
    static int tlsPort;
    /** Trusts the self-signed certificate of this run only. */
    static SSLContext trust;

    @BeforeAll
    static void start() throws Exception {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path store = dir.resolve("server.p12");
        selfSigned(store, password);
        trust = trusting(store, password);
        httpPort = QuietPorts.free();
        tlsPort = QuietPorts.free();
        String topic = TestSluice.unique("h2");
        sluice = TestSluice.start(topic, Map.of(
                "micronaut.server.port", httpPort,
                // HTTPS beside plain HTTP, as a user turns it on (README, "HTTP/2 and TLS")
                "micronaut.server.dual-protocol", true,
                "micronaut.server.ssl.enabled", true,
                "micronaut.server.ssl.port", tlsPort,
                "micronaut.server.ssl.key-store.path", "file:" + store,
                "micronaut.server.ssl.key-store.password", password,
                "micronaut.server.ssl.key-store.type", "PKCS12",
                "sluice.routes.h2.from", topic,
                "sluice.routes.h2.to", "sse"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void fiftyStreamsShareOneH2cConnectionUpgradedFromHttp11() throws Exception {
        try (TcpForwarder front = new TcpForwarder(httpPort).open();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            URI base = URI.create("http://127.0.0.1:" + front.port);
            // the JDK client upgrades a connection with its first request and keeps it for the requests after
            // it; requests sent all at once before that would each open a connection (and upgrade it) of their own
            assertEquals(HttpClient.Version.HTTP_2, get(client, base.resolve("/health")).version());

            List<SseClient> streams = open(client, base.resolve("/h2/stream"), STREAMS);
            try {
                List<String> positions = post(client, base, "up", EVENTS);
                for (SseClient stream : streams) {
                    assertEverything(stream::await, "up", positions);
                }
            } finally {
                closeAll(streams);
            }
            assertEquals(1, front.accepted.get(), "connections the client opened");
        }
    }

    @Test
    void fiftyStreamsShareOneH2cConnectionByPriorKnowledge() throws Exception {
        try (TcpForwarder front = new TcpForwarder(httpPort).open();
             PriorKnowledge connection = new PriorKnowledge(front.port);
             HttpClient producer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            List<NettyStream> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                streams.add(connection.get("/h2/stream"));
            }
            for (NettyStream stream : streams) {
                assertEquals(200, stream.status.get(30, TimeUnit.SECONDS));
            }
            List<String> positions = post(producer, URI.create("http://127.0.0.1:" + httpPort), "pk", EVENTS);
            for (NettyStream stream : streams) {
                assertEverything(stream::await, "pk", positions);
            }
            assertEquals(1, front.accepted.get(), "connections of the prior-knowledge client");
        }
    }

    @Test
    void fiftyStreamsShareOneTlsConnectionNegotiatedByAlpn() throws Exception {
        try (TcpForwarder front = new TcpForwarder(tlsPort).open();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trust).build()) {
            URI base = URI.create("https://127.0.0.1:" + front.port);
            // as with h2c: requests sent all at once before the first connection is up would open one each
            assertEquals(HttpClient.Version.HTTP_2, get(client, base.resolve("/health")).version());

            List<SseClient> streams = open(client, base.resolve("/h2/stream"), STREAMS);
            try {
                List<String> positions = post(client, base, "tls", EVENTS);
                for (SseClient stream : streams) {
                    assertEverything(stream::await, "tls", positions);
                }
            } finally {
                closeAll(streams);
            }
            assertEquals(1, front.accepted.get(), "connections the client opened");
        }
    }

    @Test
    void http11ClientsAreServedAsBeforeOnTheSamePorts() throws Exception {
        URI plain = URI.create("http://127.0.0.1:" + httpPort);
        try (HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             HttpClient http11Tls = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust).build()) {
            HttpResponse<InputStream> response = http11.send(sseRequest(plain.resolve("/h2/stream")),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            try (SseClient stream = SseClient.of(response)) {
                List<String> positions = post(http11, plain, "h1", 3);
                assertEverything(stream::await, "h1", positions);
            }
            var overTls = get(http11Tls, URI.create("https://127.0.0.1:" + tlsPort + "/health"));
            assertEquals(200, overTls.statusCode());
            assertEquals(HttpClient.Version.HTTP_1_1, overTls.version(), "ALPN gives HTTP/1.1 to who asks for it");
            // a stream over HTTP/1.1 with TLS: its chunks, written below the HTTP encoder, go through TLS too
            HttpResponse<InputStream> tlsStream = http11Tls.send(
                    sseRequest(URI.create("https://127.0.0.1:" + tlsPort + "/h2/stream")), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(HttpClient.Version.HTTP_1_1, tlsStream.version());
            try (SseClient stream = SseClient.of(tlsStream)) {
                List<String> positions = post(http11, plain, "h1tls", 3);
                assertEverything(stream::await, "h1tls", positions);
            }
        }

        // a client that asks every new connection to upgrade (the JDK's default) with a first request whose
        // body is larger than an upgrade request may be (8 KiB) is answered over HTTP/1.1, not refused
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            batch.append(i == 0 ? "" : ",").append(item("big-" + i));
        }
        String body = batch.append(']').toString();
        assertTrue(body.length() > 8192, "larger than an h2c upgrade request may be: " + body.length());
        try (HttpClient upgrading = HttpClient.newHttpClient()) {
            HttpResponse<String> accepted = upgrading.send(postRequest(plain, body), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertEquals(HttpClient.Version.HTTP_1_1, accepted.version());
            assertEquals(200, JSON.readTree(accepted.body()).get("count").asInt());
        }
        try (HttpClient upgrading = HttpClient.newHttpClient()) { // a body of unknown length: sent chunked
            HttpRequest chunked = HttpRequest.newBuilder(plain.resolve("/streams-master-data/producer"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                    .build();
            HttpResponse<String> accepted = upgrading.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertEquals(HttpClient.Version.HTTP_1_1, accepted.version());
        }
    }

    @Test
    void problemsAndTheBodyLimitAreTheSameOverHttp2() throws Exception {
        URI plain = URI.create("http://127.0.0.1:" + httpPort);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            assertEquals(HttpClient.Version.HTTP_2, get(client, plain.resolve("/health")).version());

            var missing = get(client, plain.resolve("/no-such-channel/stream"));
            assertProblem(missing, 404);
            var invalid = client.send(postRequest(plain, "{\"itemId\":\"x\"}"), HttpResponse.BodyHandlers.ofString());
            assertProblem(invalid, 400);
            assertEquals("/name", JSON.readTree(invalid.body()).get("errors").get(0).get("pointer").asText());
            String tooLarge = "{\"itemId\":\"big\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
            var refused = client.send(postRequest(plain, tooLarge), HttpResponse.BodyHandlers.ofString());
            assertProblem(refused, 413);
        }
    }

    /**
     * A client that keeps its idle HTTP/2 connection open after the GOAWAY (the JDK's HttpClient does) does
     * not hold the stop: Sluice closes the connection itself, and the graceful shutdown completes instead of
     * waiting for the grace period (15 s) to force it.
     */
    @Test
    void anIdleHttp2ConnectionDoesNotHoldTheStop() throws Exception {
        String topic = TestSluice.unique("h2idle");
        try (TestSluice own = TestSluice.start(topic, Map.of());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            assertEquals(HttpClient.Version.HTTP_2, get(client, own.uri("/health")).version());
            var stop = own.server.getApplicationContext().getBean(GracefulShutdownManager.class).shutdownGracefully()
                    .toCompletableFuture();
            stop.get(10, TimeUnit.SECONDS); // completed by itself, well within the grace period
        }
    }

    @Test
    void streamsOnOneHttp2ConnectionEndCleanlyWhenTheDrainBegins() throws Exception {
        String topic = TestSluice.unique("h2drain");
        try (TestSluice own = TestSluice.start(topic, Map.of(
                "sluice.routes.d.from", topic,
                "sluice.routes.d.to", "sse"));
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            assertEquals(HttpClient.Version.HTTP_2, get(client, own.uri("/health")).version());
            List<SseClient> streams = open(client, own.uri("/d/stream"), 10);
            try {
                own.server.getApplicationContext().getBean(GracefulShutdownManager.class).shutdownGracefully();
                for (SseClient stream : streams) {
                    assertEquals("ended", awaitEnd(stream));
                }
            } finally {
                closeAll(streams);
            }
        }
    }

    /**
     * A stream whose reader stops is cut off alone: its HTTP/2 flow-control window fills, its bounded buffer
     * fills behind it, and Sluice resets that stream, while a stream on the same connection that reads
     * gets every event. The client gives the connection a large window (as browsers do) and each stream
     * the default 64 KiB, so the stalled stream holds back only its own bytes.
     */
    @Test
    void aStalledStreamIsResetAloneAndItsNeighbourOnTheConnectionGetsEverything() throws Exception {
        String topic = TestSluice.unique("h2slow");
        try (TestSluice own = TestSluice.start(topic, Map.of(
                "sluice.routes.s.from", topic,
                "sluice.routes.s.to", "sse",
                "sluice.sse.buffer", "512", // sizes as in SlowClientTest, which says why
                "sluice.sse.heartbeat", "1h"));
             PriorKnowledge connection = new PriorKnowledge(own.server.getPort(), 32 * 1024 * 1024)) {
            NettyStream healthy = connection.get("/s/stream");
            NettyStream stalled = connection.get("/s/stream");
            stalled.stallAfterHead = true;
            assertEquals(200, healthy.status.get(30, TimeUnit.SECONDS));
            assertEquals(200, stalled.status.get(30, TimeUnit.SECONDS));
            Thread.sleep(500); // both subscriptions start at "now" before the first post

            int batches = 100;
            int perBatch = 50;
            SlowClientTest.postPadded(own, batches, perBatch, "p".repeat(3000)); // 15 MB
            assertEquals(batches * perBatch, healthy.await(batches * perBatch).size(), "the reading stream got everything");
            // the stalled client reads again: what had reached it, then the reset that followed
            stalled.channel.eventLoop().execute(() -> {
                stalled.channel.config().setAutoRead(true);
                stalled.channel.read();
            });
            assertTrue(stalled.channel.closeFuture().await(30, TimeUnit.SECONDS), "the stalled stream was never reset");
            assertTrue(stalled.reset, "the stalled stream ended by a reset (RST_STREAM), not cleanly");
            assertTrue(stalled.events.size() < batches * perBatch, "the stalled stream was cut off early: "
                    + stalled.events.size() + " of " + batches * perBatch);
            assertTrue(connection.connection.isActive(), "the connection outlives the reset stream");
            assertTrue(healthy.channel.isActive(), "the reading stream is still open");
        }
    }

    // ---- helpers

    static String item(String id) {
        return "{\"itemId\":\"" + id + "\",\"name\":\"Widget " + id + "\",\"category\":\"c\",\"price\":1.5}";
    }

    static HttpRequest sseRequest(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build();
    }

    static HttpRequest postRequest(URI base, String body) {
        return HttpRequest.newBuilder(base.resolve("/streams-master-data/producer")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens {@code count} streams at once and waits for their response heads. */
    static List<SseClient> open(HttpClient client, URI uri, int count) {
        List<CompletableFuture<HttpResponse<InputStream>>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(client.sendAsync(sseRequest(uri), HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<SseClient> streams = new ArrayList<>();
        for (CompletableFuture<HttpResponse<InputStream>> response : pending) {
            HttpResponse<InputStream> r = response.orTimeout(30, TimeUnit.SECONDS).join();
            streams.add(SseClient.of(r));
            assertEquals(200, r.statusCode());
            assertEquals(client.version(), r.version(), "the protocol of a stream");
        }
        return streams;
    }

    /** Posts {@code count} items one by one through {@code client}; their positions, in order. */
    static List<String> post(HttpClient client, URI base, String prefix, int count) throws Exception {
        List<String> positions = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            HttpResponse<String> r = client.send(postRequest(base, item(prefix + i)), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(client.version(), r.version(), "the protocol of a POST");
            positions.add(JSON.readTree(r.body()).get("items").get(0).get("position").asText());
        }
        return positions;
    }

    interface Received {
        List<SseClient.Event> await(int count) throws InterruptedException;
    }

    /** The stream got exactly the posted items, in order, each with its position as the id. */
    static void assertEverything(Received stream, String prefix, List<String> positions) throws InterruptedException {
        List<SseClient.Event> events = stream.await(positions.size());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= positions.size(); i++) {
            expected.add(prefix + i);
        }
        assertEquals(expected, events.stream().map(e -> MasterDataStreamsTest.field(e.data(), "itemId")).toList());
        assertEquals(positions, events.stream().map(SseClient.Event::id).toList());
    }

    static void assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(status, problem.get("status").asInt());
    }

    static String awaitEnd(SseClient stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stream.end() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return stream.end();
    }

    static void closeAll(List<SseClient> streams) throws IOException {
        for (SseClient stream : streams) {
            stream.close();
        }
    }

    /** A PKCS12 key store with a new EC key and a self-signed certificate for 127.0.0.1 and localhost (keytool). */
    static void selfSigned(Path store, String password) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "sluice",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", "STORE_PASSWORD")
                .redirectErrorStream(true);
        pb.environment().put("STORE_PASSWORD", password); // not on the command line, where ps would show it
        Process keytoolRun = pb.start();
        String output = new String(keytoolRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytoolRun.waitFor(), output);
        assertTrue(Files.size(store) > 0);
    }

    static SSLContext trusting(Path store, String password) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            server.load(in, password.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("sluice", server.getCertificate("sluice"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * An HTTP/2 client that speaks h2c by prior knowledge (the connection preface straight away, no upgrade),
     * which the JDK client cannot: Netty's HTTP/2 codec, one TCP connection, one stream per request.
     */
    static final class PriorKnowledge implements AutoCloseable {

        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final Channel connection;
        private final int port;

        PriorKnowledge(int port) throws InterruptedException {
            this(port, 0);
        }

        /** {@code connectionWindow}: bytes added to the connection's receive window (0: the default 64 KiB). */
        PriorKnowledge(int port, int connectionWindow) throws InterruptedException {
            this.port = port;
            this.connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                    new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                        @Override
                                        protected void initChannel(Channel pushed) {
                                            // streams the server opens (push): none expected
                                        }
                                    }));
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            if (connectionWindow > 0) {
                connection.writeAndFlush(new DefaultHttp2WindowUpdateFrame(connectionWindow)).sync();
            }
        }

        NettyStream get(String path) throws InterruptedException {
            NettyStream stream = new NettyStream();
            Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection)
                    .handler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel ch) {
                            ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), stream);
                        }
                    })
                    .open().sync().getNow();
            stream.channel = channel;
            DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + port).set(HttpHeaderNames.ACCEPT, "text/event-stream");
            channel.writeAndFlush(request).sync();
            return stream;
        }

        @Override
        public void close() {
            connection.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One SSE response on a stream of {@link PriorKnowledge}: its status, then its events (ASCII content). */
    static final class NettyStream extends SimpleChannelInboundHandler<HttpObject> {

        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final List<SseClient.Event> events = new CopyOnWriteArrayList<>();
        private final StringBuilder pending = new StringBuilder();
        Http2StreamChannel channel;
        /** Reads nothing after the response head: the stream's window is never given back. */
        volatile boolean stallAfterHead;
        /** The server reset the stream. */
        volatile boolean reset;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpResponse response) {
                status.complete(response.status().code());
                if (stallAfterHead) {
                    ctx.channel().config().setAutoRead(false);
                }
            }
            if (msg instanceof HttpContent content) {
                pending.append(content.content().toString(StandardCharsets.US_ASCII));
                int end;
                while ((end = pending.indexOf("\n\n")) >= 0) {
                    event(pending.substring(0, end));
                    pending.delete(0, end + 2);
                }
            }
            if (msg instanceof LastHttpContent && !status.isDone()) {
                status.complete(-1);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof Http2ResetFrame) {
                reset = true;
            }
            super.userEventTriggered(ctx, event);
        }

        private void event(String block) {
            String id = null;
            String type = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
            if (data != null) {
                events.add(new SseClient.Event(id, type, data));
            }
        }

        List<SseClient.Event> await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (events.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (events.size() < count) {
                throw new AssertionError("expected " + count + " SSE events within 30 s, got " + events.size());
            }
            return List.copyOf(events);
        }
    }
}
