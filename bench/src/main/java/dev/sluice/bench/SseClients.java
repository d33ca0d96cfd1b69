package dev.sluice.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many SSE clients on a few selector threads, each a plain socket reading {@code GET <stream>}. The
 * sockets are spread over several 127.0.0.x source addresses so that ephemeral ports last. Every
 * {@code @<nanoTime>@} mark a client reads records one delivery and its latency (publisher and clients
 * share this JVM's clock).
 */
final class SseClients implements AutoCloseable {

    private static final int MAX_PENDING_CONNECTS = 256;

    private final Recorder latencyMicros = new Recorder(3);
    private final LongAdder deliveries = new LongAdder();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final int count;
    /** Marks sent before this nanoTime are not counted (events of an earlier phase still on their way). */
    private volatile long countFrom = Long.MIN_VALUE;

    /** Connection state: the socket's mark scanner and whether it has seen the response yet. */
    private static final class Client {
        final LatencyMark marks = new LatencyMark();
        boolean answered;
    }

    SseClients(URI stream, int count, int threadCount) {
        this.count = count;
        int addresses = Math.max(1, (count + 19_999) / 20_000 + 1);
        byte[] request = ("GET " + stream.getRawPath() + (stream.getRawQuery() == null ? "" : "?" + stream.getRawQuery())
                + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + stream.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress server = new InetSocketAddress(stream.getHost(), stream.getPort());
        for (int t = 0; t < threadCount; t++) {
            int first = t;
            threads.add(Thread.ofPlatform().name("sse-clients-" + t).daemon().start(() ->
                    loop(server, request, first, threadCount, addresses)));
        }
    }

    private void loop(InetSocketAddress server, byte[] request, int first, int step, int addresses) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        List<SocketChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            int next = first;
            int pending = 0;
            while (!stop.get()) {
                while (next < count && pending < MAX_PENDING_CONNECTS) {
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.bind(new InetSocketAddress("127.0.0." + (2 + next % addresses), 0));
                    channels.add(ch);
                    if (ch.connect(server)) {
                        ch.write(ByteBuffer.wrap(request));
                        ch.register(selector, SelectionKey.OP_READ, new Client());
                    } else {
                        ch.register(selector, SelectionKey.OP_CONNECT, new Client());
                        pending++;
                    }
                    next += step;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel ch = (SocketChannel) key.channel();
                    Client client = (Client) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            pending--;
                            ch.finishConnect();
                            ch.write(ByteBuffer.wrap(request));
                            key.interestOps(SelectionKey.OP_READ);
                        } else if (key.isReadable()) {
                            read(ch, key, client, buffer);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        ch.close();
                        closedByServer.incrementAndGet();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            for (SocketChannel ch : channels) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private void read(SocketChannel ch, SelectionKey key, Client client, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = ch.read(buffer);
        if (n < 0) {
            key.cancel();
            ch.close();
            closedByServer.incrementAndGet();
            return;
        }
        if (!client.answered && n > 0) {
            client.answered = true;
            connected.incrementAndGet();
        }
        client.marks.scan(buffer.array(), 0, n, sent -> {
            if (sent - countFrom < 0) {
                return;
            }
            deliveries.increment();
            latencyMicros.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
        });
    }

    /** Waits until every client has its response headers; false when {@code timeout} passed first. */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return connected.get() >= count;
    }

    int connected() {
        return connected.get();
    }

    int closedByServer() {
        return closedByServer.get();
    }

    /** Starts a measurement: from now on only events sent from now on count. */
    void startInterval() {
        countFrom = System.nanoTime();
        interval();
    }

    /** Deliveries and latencies since the previous call (the first call starts the measurement). */
    Interval interval() {
        return new Interval(deliveries.sumThenReset(), latencyMicros.getIntervalHistogram());
    }

    record Interval(long deliveries, Histogram latencyMicros) {
        double ms(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
    }
}
