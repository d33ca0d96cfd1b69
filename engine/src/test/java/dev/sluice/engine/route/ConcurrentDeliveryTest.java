package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.domain.route.Output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.route.PushDeliveryTest.InMemoryDeadLetters;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.spi.PushSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A push route with {@code concurrency}: lanes by key, delivered in parallel; with in-memory fakes. */
class ConcurrentDeliveryTest {

    /** A sink with latency that counts how many deliveries are in flight at once. */
    static class SlowSink implements PushSink {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Outcome deliver(EventEnvelope event) throws InterruptedException {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                answer(event);
                delivered.add(event.id());
                return Outcome.success(200, Duration.ZERO);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        /** What the receiver does before it answers 200. */
        void answer(EventEnvelope event) throws InterruptedException {
            Thread.sleep(2);
        }

        @Override
        public String describe() {
            return "slow";
        }
    }

    /** An event with a key; its id is {@code key-n}. */
    static LoggedEvent keyed(String key, int n) {
        return new LoggedEvent(new EventEnvelope(key + "-" + n, "/t", "t", null, Instant.EPOCH, "application/json",
                key, Map.of(), ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)), new Position("0:" + n), "0:" + n);
    }

    private final InMemoryDeadLetters dead = new InMemoryDeadLetters();

    /** A dead-letter store that cannot take anything: it throws {@code down}. */
    static InMemoryDeadLetters refusing(BrokerUnavailableException down) {
        return new InMemoryDeadLetters() {
            @Override
            public synchronized Position add(String route, EventEnvelope event, String reason, int attempts) {
                throw down;
            }
        };
    }

    private PushDelivery delivery(PushSink sink, int concurrency, PushDelivery.DeliveryListener listener) {
        Route route = new Route("r", "topic", "g", null, Pipeline.EMPTY, null,
                new Output.To("to", sink, new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 1,
                        Duration.ZERO)), concurrency);
        return new PushDelivery(route, dead, d -> { }, () -> 0.0, listener);
    }

    @Test
    void withConcurrencyFourFourDeliveriesAreInFlightAtOnceAndTheBatchReturnsWhenAllAreDone() throws Exception {
        CountDownLatch fourIn = new CountDownLatch(4);
        SlowSink sink = new SlowSink() {
            @Override
            void answer(EventEnvelope event) throws InterruptedException {
                fourIn.countDown(); // the first four wait for each other: only possible when they run at once
                assertTrue(fourIn.await(10, TimeUnit.SECONDS), "4 deliveries in flight at once");
                Thread.sleep(20);
            }
        };
        List<LoggedEvent> batch = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            for (String key : List.of("a", "b", "c", "d")) { // four keys, four lanes
                batch.add(keyed(key, n));
            }
        }
        PushDelivery d = delivery(sink, 4, null);
        assertEquals(Integer.MAX_VALUE, d.maxBatch(), "a whole poll, to spread over the lanes");
        d.handleBatch(batch);
        assertEquals(4, sink.mostInFlight.get());
        assertEquals(12, sink.delivered.size(), "handleBatch returned only after every event was delivered");
        assertEquals(0, sink.inFlight.get());
    }

    /**
     * Workers take the next key when they finish one, so a batch of many keys keeps every worker busy until
     * the keys run out: 64 single-event keys over 8 workers, the receiver answering each after the
     * previous 8 arrived, are 8 full rounds. With a fixed split by key hash some of 8 buckets would hold
     * more than 8 of these keys and others fewer, and the fuller ones would wait for a round that never
     * fills: the latch below would time out.
     */
    @Test
    void workersTakeTheNextKeyWhenTheyAreDoneSoEveryRoundIsFull() throws Exception {
        int workers = 8;
        int keys = 64;
        List<CountDownLatch> rounds = new ArrayList<>();
        for (int r = 0; r < keys / workers; r++) {
            rounds.add(new CountDownLatch(workers));
        }
        AtomicInteger started = new AtomicInteger();
        SlowSink sink = new SlowSink() {
            @Override
            void answer(EventEnvelope event) throws InterruptedException {
                CountDownLatch round = rounds.get(started.getAndIncrement() / workers);
                round.countDown();
                assertTrue(round.await(10, TimeUnit.SECONDS), "a round of " + workers + " deliveries at once");
            }
        };
        List<LoggedEvent> batch = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            batch.add(keyed("key" + k, 0));
        }
        delivery(sink, workers, null).handleBatch(batch);
        assertEquals(keys, sink.delivered.size());
        assertEquals(workers, sink.mostInFlight.get());
    }

    @Test
    void aLaneIsOneKeyInBatchOrderAndTheLongestComeFirst() {
        List<List<LoggedEvent>> lanes = Lanes.byKey(List.of(keyed("a", 0), keyed("b", 0), keyed("b", 1), keyed("c", 0),
                keyed("b", 2), keyed("c", 1)));
        assertEquals(List.of(List.of("b-0", "b-1", "b-2"), List.of("c-0", "c-1"), List.of("a-0")),
                lanes.stream().map(l -> l.stream().map(e -> e.event().id()).toList()).toList());
    }

    @Test
    void eventsOfOneKeyAreDeliveredInOrderAndCountedOnce() throws Exception {
        SlowSink sink = new SlowSink();
        RouteStats stats = new RouteStats(Clock.systemUTC(), null);
        List<String> keys = List.of("a", "b", "c", "d", "e", "f", "g");
        List<LoggedEvent> batch = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            for (String key : keys) {
                batch.add(keyed(key, n));
            }
        }
        delivery(sink, 4, stats).handleBatch(batch);

        assertEquals(batch.size(), sink.delivered.size());
        for (String key : keys) {
            List<String> ofKey = sink.delivered.stream().filter(id -> id.startsWith(key + "-")).toList();
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                expected.add(key + "-" + n);
            }
            assertEquals(expected, ofKey, "key " + key + " in log order");
        }
        assertTrue(sink.mostInFlight.get() > 1, "lanes ran in parallel");
        RouteStats.Counters counters = stats.of("r");
        assertEquals(batch.size(), counters.read.sum());
        assertEquals(batch.size(), counters.delivered.sum());
        assertEquals(batch.size(), stats.attempts("r", 1000).size(), "every attempt journaled");
    }

    @Test
    void aLaneThatCannotDeadLetterMakesTheBatchThrowAfterTheOthersAreDone() {
        BrokerUnavailableException down = new BrokerUnavailableException("dead letters down", Duration.ZERO, null);
        InMemoryDeadLetters brokenStore = refusing(down);
        CountDownLatch othersUnderWay = new CountDownLatch(3); // b, c and d have their lanes
        SlowSink sink = new SlowSink() {
            @Override
            public Outcome deliver(EventEnvelope event) throws InterruptedException {
                if (event.id().equals("a-1")) {
                    // "under way" is what the lanes promise to finish: fail once every lane has a worker
                    othersUnderWay.await(10, TimeUnit.SECONDS);
                    return new Outcome(false, false, 400, null, "HTTP 400", Duration.ZERO);
                }
                if (event.id().endsWith("-0") && !event.id().startsWith("a-")) {
                    othersUnderWay.countDown();
                }
                return super.deliver(event);
            }
        };
        Route route = new Route("r", "topic", "g", null, Pipeline.EMPTY, null,
                new Output.To("to", sink, RetryPolicy.DEFAULT), 4);
        PushDelivery d = new PushDelivery(route, brokenStore, x -> { }, () -> 0.0, null);
        List<LoggedEvent> batch = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            for (String key : List.of("a", "b", "c", "d")) {
                batch.add(keyed(key, n));
            }
        }

        BrokerUnavailableException thrown = assertThrows(BrokerUnavailableException.class, () -> d.handleBatch(batch));
        assertSame(down, thrown);
        assertEquals(List.of("a-0"), sink.delivered.stream().filter(id -> id.startsWith("a-")).toList(),
                "its lane stopped at the event it could not dead-letter");
        assertEquals(15, sink.delivered.stream().filter(id -> !id.startsWith("a-")).count(),
                "the other lanes ran to their end before handleBatch threw");
    }

    @Test
    void afterALaneFailedNoWorkerTakesAnotherSinceTheBatchComesAgainWhole() {
        BrokerUnavailableException down = new BrokerUnavailableException("dead letters down", Duration.ZERO, null);
        InMemoryDeadLetters brokenStore = refusing(down);
        CountDownLatch bUnderWay = new CountDownLatch(1);
        SlowSink sink = new SlowSink() {
            @Override
            public Outcome deliver(EventEnvelope event) throws InterruptedException {
                if (event.id().startsWith("a-")) {
                    assertTrue(bUnderWay.await(10, TimeUnit.SECONDS));
                    return new Outcome(false, false, 400, null, "HTTP 400", Duration.ZERO); // a-0 fails for good
                }
                return super.deliver(event);
            }

            @Override
            void answer(EventEnvelope event) throws InterruptedException {
                if (event.id().equals("b-0")) {
                    bUnderWay.countDown();
                    Thread.sleep(100); // a fails meanwhile
                }
            }
        };
        Route route = new Route("r", "topic", "g", null, Pipeline.EMPTY, null,
                new Output.To("to", sink, RetryPolicy.DEFAULT), 2);
        PushDelivery d = new PushDelivery(route, brokenStore, x -> { }, () -> 0.0, null);
        // lanes longest first: a (3 events) and b (2) are taken at once, c and e wait for a free worker
        List<LoggedEvent> batch = List.of(keyed("a", 0), keyed("a", 1), keyed("a", 2), keyed("b", 0), keyed("b", 1),
                keyed("c", 0), keyed("e", 0));
        assertSame(down, assertThrows(BrokerUnavailableException.class, () -> d.handleBatch(batch)));
        assertEquals(List.of("b-0", "b-1"), List.copyOf(sink.delivered), "b ran to its end; c and e were not taken");
    }

    @Test
    void anInterruptedBatchInterruptsItsLanes() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger interrupted = new AtomicInteger();
        SlowSink sink = new SlowSink() {
            @Override
            void answer(EventEnvelope event) throws InterruptedException {
                started.countDown();
                try {
                    new CountDownLatch(1).await(); // a receiver that never answers
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
            }
        };
        PushDelivery d = delivery(sink, 2, null);
        AtomicInteger outcome = new AtomicInteger();
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                d.handleBatch(List.of(keyed("a", 0), keyed("b", 0))); // "a" and "b" fall into different lanes of 2
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(2);
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        consumer.interrupt(); // the consumer group is closing
        consumer.join(Duration.ofSeconds(10));
        assertEquals(2, outcome.get(), "handleBatch threw InterruptedException");
        assertEquals(2, interrupted.get(), "both lanes were interrupted");
    }

    @Test
    void aRetryIsNotedOnItsAttemptEvenWhenOtherLanesJournaledSince() {
        RouteStats stats = new RouteStats(Clock.systemUTC(), null);
        EventEnvelope a = keyed("a", 0).event();
        stats.attempted("r", "to", a, 1, new PushSink.Outcome(false, true, 503, null, "HTTP 503", Duration.ZERO));
        stats.attempted("r", "to", keyed("b", 0).event(), 1, PushSink.Outcome.success(200, Duration.ZERO));
        stats.retryScheduled("r", "to", a, 1, Duration.ofSeconds(5));

        List<ObserveRoutes.AttemptView> journal = stats.attempts("r", 10);
        assertEquals(List.of("b-0", "a-0"), journal.stream().map(ObserveRoutes.AttemptView::eventId).toList());
        assertNull(journal.get(0).nextRetryMillis());
        assertNotNull(journal.get(1).nextRetryMillis(), "the retry of a-0 is shown on a-0's attempt");
    }

    @Test
    void withConcurrencyOneEventsGoOneAtATimeInOrder() throws Exception {
        SlowSink sink = new SlowSink();
        PushDelivery d = delivery(sink, 1, null);
        assertEquals(1, d.maxBatch(), "the log hands one record at a time, so a failure redelivers only it");
        d.handleBatch(List.of(keyed("a", 0), keyed("b", 0), keyed("a", 1)));
        assertEquals(List.of("a-0", "b-0", "a-1"), sink.delivered);
        assertEquals(1, sink.mostInFlight.get());
    }

    @Test
    void concurrencyIsBetweenOneAndAThousandAndOnlyForPushRoutes() {
        SlowSink sink = new SlowSink();
        for (int bad : new int[] {0, -1, 1001}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> delivery(sink, bad, null));
            assertEquals("route 'r': 'concurrency' must be between 1 and 1000, was " + bad, e.getMessage());
        }
        assertEquals(1000, new Route("r", "t", "g", null, Pipeline.EMPTY, null, new Output.To("to", sink, null), 1000)
                .concurrency());
        IllegalArgumentException sse = assertThrows(IllegalArgumentException.class, () -> new Route("r", "t", null,
                null, Pipeline.EMPTY, new dev.sluice.ports.spi.PullSink("sse"), null, 2));
        assertTrue(sse.getMessage().contains("'concurrency' is for push routes"), sse.getMessage());
    }
}
