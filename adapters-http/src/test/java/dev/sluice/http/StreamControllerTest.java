package dev.sluice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.SubscribeToChannel;
import io.micronaut.http.sse.Event;
import java.time.Duration;
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
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.util.concurrent.Queues;

/**
 * How a replay's own reader follows its connection, with an endless in-memory log read on a thread of its
 * own: where that thread waits, and that it ends, is what the app tests (ReplayPacingTest) cannot see.
 */
class StreamControllerTest {

    static final int BUFFER = 8;
    /** What the endpoint's merge of events and comments takes from the buffer ahead of the connection. */
    static final int MERGED_AHEAD = Queues.XS_BUFFER_SIZE;

    final EndlessChannel channel = new EndlessChannel();
    final Connection connection = new Connection();

    @AfterEach
    void leave() {
        connection.dispose();
        channel.closed.set(true);
    }

    @Test
    void aReplaysReaderWaitsWhileItsClientTakesNothingAndGoesOnAsItTakes() throws Exception {
        open("earliest", Duration.ofHours(1));
        assertTrue(eventually(channel::readerWaits), "the reader never waited: " + channel.handedOver + " events");
        assertTrue(channel.handedOver.get() <= BUFFER + MERGED_AHEAD, channel.handedOver + " events read ahead");

        connection.request(1 + 100); // the "connected" comment, then events
        assertTrue(eventually(() -> connection.events.size() == 100 && channel.readerWaits()),
                connection.events.size() + " events taken");
        assertEquals(LongStream.range(0, 100).mapToObj(Long::toString).toList(),
                connection.events.stream().map(Event::getId).toList(), "in order, each once");
        assertTrue(channel.handedOver.get() <= 100 + BUFFER + MERGED_AHEAD, channel.handedOver + " events read");
    }

    @Test
    void aReplaysReaderThatWaitsEndsWhenItsClientLeaves() throws Exception {
        open("earliest", Duration.ofHours(1));
        assertTrue(eventually(channel::readerWaits), "the reader never waited");

        connection.dispose();
        // the stall timeout is an hour away: only being woken ends the reader now
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still waits: " + channel.reader.getState());
        assertTrue(channel.closed.get(), "the subscription was not closed");
    }

    @Test
    void aReplayClientThatTakesNothingForTheStallTimeoutIsCutOffWithoutReadingItsBuffer() throws Exception {
        open("earliest", Duration.ofMillis(200));
        Throwable error = connection.ended.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, error);
        assertEquals("client stalled", error.getMessage());
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still runs: " + channel.reader.getState());
        assertTrue(channel.closed.get(), "the subscription was not closed");
    }

    @Test
    void aLiveClientThatTakesNothingIsCutOffOnceItsBufferIsFullInsteadOfHoldingUpTheSharedReader() throws Exception {
        open("latest", Duration.ofHours(1));
        Throwable error = connection.ended.get(10, TimeUnit.SECONDS);
        assertEquals("client too slow", error.getMessage());
        assertTrue(channel.reader.join(Duration.ofSeconds(10)), "the reader still runs: " + channel.reader.getState());
    }

    private void open(String from, Duration stallTimeout) throws Exception {
        SseSettings settings = new SseSettings();
        settings.setBuffer(BUFFER);
        settings.setStallTimeout(stallTimeout);
        settings.setHeartbeat(Duration.ofHours(1));
        new StreamController(channel, new SseStreams(settings)).stream("c", new StreamStart(null, null, from)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).body().subscribe(connection);
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

    /** A connection that takes only what it is told to request. */
    static final class Connection extends BaseSubscriber<Event<String>> {
        final List<Event<String>> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // nothing yet
        }

        @Override
        protected void hookOnNext(Event<String> event) {
            if (event.getId() != null) { // not a comment
                events.add(event);
            }
        }

        @Override
        protected void hookOnError(Throwable error) {
            ended.complete(error);
        }

        @Override
        protected void hookOnComplete() {
            ended.complete(null);
        }
    }
}
