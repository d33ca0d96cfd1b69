package dev.sluice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.SubscribeToChannel;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a replay's own reader follows its connection, with an endless in-memory log read on a thread of its
 * own and a response that takes only what the test lets it take: where that thread waits, and that it
 * ends, is what the app tests (ReplayPacingTest) cannot see.
 */
class StreamControllerTest {

    static final int BUFFER = 8;
    /** What the connection hands on ahead of its client: one write, which the response has not taken yet. */
    static final int HANDED_AHEAD = BUFFER;

    final EndlessChannel channel = new EndlessChannel();
    final DefaultEventExecutor loop = new DefaultEventExecutor();
    final Response response = new Response();
    SseConnection connection;

    @AfterEach
    void leave() {
        if (connection != null) {
            connection.close();
        }
        channel.closed.set(true);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aReplaysReaderWaitsWhileItsClientTakesNothingAndGoesOnAsItTakes() throws Exception {
        open("earliest", Duration.ofHours(1));
        assertTrue(eventually(channel::readerWaits), "the reader never waited: " + channel.handedOver + " events");
        assertTrue(channel.handedOver.get() <= BUFFER + HANDED_AHEAD, channel.handedOver + " events read ahead");

        response.take(100);
        assertTrue(eventually(() -> response.events.size() == 100 && channel.readerWaits()),
                response.events.size() + " events taken");
        assertEquals(LongStream.range(0, 100).mapToObj(Long::toString).toList(),
                response.events.stream().toList(), "in order, each once");
        assertTrue(channel.handedOver.get() <= 100 + BUFFER + HANDED_AHEAD, channel.handedOver + " events read");
        assertEquals(List.of(": connected to c"), response.comments, "the first line, before any event");
    }

    @Test
    void aReplaysReaderThatWaitsEndsWhenItsClientLeaves() throws Exception {
        open("earliest", Duration.ofHours(1));
        assertTrue(eventually(channel::readerWaits), "the reader never waited");

        connection.close(); // what the response does when its connection goes away
        // the stall timeout is an hour away: only being woken ends the reader now
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still waits: " + channel.reader.getState());
        assertTrue(eventually(channel.closed::get), "the subscription was not closed");
    }

    @Test
    void aReplayClientThatTakesNothingForTheStallTimeoutIsCutOffWithoutReadingItsBuffer() throws Exception {
        open("earliest", Duration.ofMillis(200));
        Throwable error = response.ended.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, error);
        assertEquals("client stalled", error.getMessage());
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still runs: " + channel.reader.getState());
        assertTrue(eventually(channel.closed::get), "the subscription was not closed");
    }

    @Test
    void aLiveClientThatTakesNothingIsCutOffOnceItsBufferIsFullInsteadOfHoldingUpTheSharedReader() throws Exception {
        open("latest", Duration.ofHours(1));
        Throwable error = response.ended.get(10, TimeUnit.SECONDS);
        assertEquals("client too slow", error.getMessage());
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still runs: " + channel.reader.getState());
    }

    @Test
    void aDrainEndsTheResponseCleanlyAfterWhatWasPending() throws Exception {
        open("earliest", Duration.ofHours(1));
        assertTrue(eventually(channel::readerWaits), "the reader never waited");
        streams.drain();
        assertEquals(null, response.ended.get(10, TimeUnit.SECONDS), "completed, not broken off");
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still runs: " + channel.reader.getState());
    }

    SseStreams streams;

    private void open(String from, Duration stallTimeout) {
        SseSettings settings = new SseSettings();
        settings.setBuffer(BUFFER);
        settings.setStallTimeout(stallTimeout);
        settings.setHeartbeat(Duration.ofHours(1));
        streams = new SseStreams(settings);
        StartAt start = SseStreams.startAt(null, from);
        connection = streams.connect("c", start, (at, listener) -> channel.subscribe("c", at, listener));
        response.connection = connection;
        connection.attach(streams.loop(loop), response);
        loop.execute(connection::start); // as Netty's response handler does once the head is written
    }

    static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** A channel whose log never ends, read on a virtual thread per subscription as the brokers' are. */
    static final class EndlessChannel implements SubscribeToChannel {
        final AtomicLong handedOver = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile Thread reader;

        @Override
        public List<ChannelInfo> channels() {
            return List.of(new ChannelInfo("c", "t", List.of()));
        }

        @Override
        public Subscription subscribe(String name, StartAt start, Listener listener) {
            reader = Thread.ofVirtual().start(() -> {
                for (long i = 0; !closed.get(); i++) {
                    listener.onEvent(new ChannelEvent(Long.toString(i), "t", "application/json", "{}", "e" + i));
                    handedOver.incrementAndGet();
                }
            });
            return () -> closed.set(true);
        }

        /** Whether the reader is parked with a timeout: the only place it can be is waiting for room. */
        boolean readerWaits() {
            return reader != null && reader.getState() == Thread.State.TIMED_WAITING;
        }
    }

    /**
     * A response that takes only what it is told to: what the connection writes waits here, unconsumed,
     * until {@link #take} lets events through, as a socket that is not read holds up Netty's writes.
     */
    final class Response implements SseWire {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final ArrayDeque<byte[]> unconsumed = new ArrayDeque<>(); // on the loop only
        long demand; // on the loop only
        SseConnection connection;

        @Override
        public void write(byte[][] frames, long bytes) {
            for (byte[] frame : frames) {
                String text = new String(frame, StandardCharsets.UTF_8);
                if (text.startsWith(":")) {
                    comments.add(text.strip());
                    connection.consumed(frame.length);
                } else {
                    unconsumed.add(frame);
                }
            }
            consume();
        }

        /** Lets {@code n} more events through (from the test thread). */
        void take(long n) {
            loop.execute(() -> {
                demand += n;
                consume();
            });
        }

        private void consume() {
            while (demand > 0 && !unconsumed.isEmpty()) {
                byte[] frame = unconsumed.poll();
                String text = new String(frame, StandardCharsets.UTF_8);
                events.add(text.substring("id: ".length(), text.indexOf('\n')));
                demand--;
                connection.consumed(frame.length);
            }
        }

        @Override
        public void complete() {
            ended.complete(null);
        }

        @Override
        public void fail(Throwable error) {
            ended.complete(error);
        }
    }
}
