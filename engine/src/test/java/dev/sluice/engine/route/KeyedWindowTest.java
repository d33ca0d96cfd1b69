package dev.sluice.engine.route;

import static dev.sluice.engine.route.ConcurrentDeliveryTest.keyed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.EventLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workers behind a sliding window (a Kafka group of a route with concurrency): events start as they
 * are handed over, one key's in order, and a slow key holds back nobody else; with in-memory fakes.
 */
class KeyedWindowTest {

    /** A handler that records what it delivered, in order, and waits on {@code gate} for key "slow". */
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final Map<String, Throwable> outcomes = new ConcurrentHashMap<>();
    private KeyedWindow window;

    private final EventLog.GroupHandler handler = event -> {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            if (event.event().key().equals("slow")) {
                gate.await();
            }
            if (event.event().key().equals("bad") && event.event().id().endsWith("-1")) {
                throw new IllegalStateException("cannot be delivered nor dead-lettered");
            }
            Thread.sleep(5);
            delivered.add(event.event().id());
        } finally {
            running.decrementAndGet();
        }
    };

    @AfterEach
    void stop() throws InterruptedException {
        gate.countDown();
        if (window != null) {
            window.stop();
        }
    }

    private void start(LoggedEvent event) {
        window.start(event, error -> outcomes.put(event.event().id(), error == null ? NONE : error));
    }

    private static final Throwable NONE = new Throwable("finished");

    private void awaitOutcomes(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcomes.size() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(outcomes.size() >= count, "finished " + outcomes.keySet());
    }

    @Test
    void aSlowKeyHoldsBackItsOwnEventsAndNothingElse() throws Exception {
        window = new KeyedWindow(4, handler);
        start(keyed("slow", 1));
        for (int n = 1; n <= 3; n++) {
            for (String key : List.of("a", "b", "c")) {
                start(keyed(key, n));
            }
        }
        start(keyed("slow", 2));

        awaitOutcomes(9); // every event of a, b and c, while slow-1 still waits for its receiver
        assertEquals(9, outcomes.size(), "nothing of 'slow' finished yet: " + outcomes.keySet());
        assertEquals(1, running.get(), "slow-2 waits behind slow-1 instead of taking a worker");
        for (String key : List.of("a", "b", "c")) {
            assertEquals(List.of(key + "-1", key + "-2", key + "-3"),
                    delivered.stream().filter(id -> id.startsWith(key + "-")).toList(), key + " in order");
        }

        gate.countDown();
        awaitOutcomes(11);
        assertEquals(List.of("slow-1", "slow-2"), delivered.stream().filter(id -> id.startsWith("slow-")).toList());
        assertTrue(mostRunning.get() <= 4, "at most the workers at once: " + mostRunning.get());
        assertTrue(mostRunning.get() > 1, "several at once: " + mostRunning.get());
        outcomes.values().forEach(o -> assertEquals(NONE, o));
    }

    @Test
    void aFailureStopsItsKeyUntilTheWindowIsStoppedAndWhatCameBehindItIsReportedAsNotHandled() throws Exception {
        window = new KeyedWindow(2, handler);
        gate.countDown();
        start(keyed("bad", 1));
        start(keyed("bad", 2));
        start(keyed("good", 1));
        awaitOutcomes(3);
        start(keyed("bad", 3)); // handed over after the failure was told: refused as well
        awaitOutcomes(4);

        assertInstanceOf(IllegalStateException.class, outcomes.get("bad-1"));
        assertInstanceOf(KeyedWindow.NotHandled.class, outcomes.get("bad-2"));
        assertInstanceOf(KeyedWindow.NotHandled.class, outcomes.get("bad-3"));
        assertEquals(NONE, outcomes.get("good-1"));
        assertEquals(List.of("good-1"), delivered, "nothing of the key after its failure was delivered");

        window.stop(); // the consumer went back to bad-1: the key is handled again
        outcomes.clear();
        start(keyed("bad", 2));
        start(keyed("bad", 3));
        awaitOutcomes(2);
        assertEquals(List.of("good-1", "bad-2", "bad-3"), delivered);
    }

    @Test
    void stopInterruptsWhatRunsDropsWhatWaitsAndTheWindowStartsAgainAfterwards() throws Exception {
        window = new KeyedWindow(2, handler);
        start(keyed("slow", 1));
        start(keyed("slow", 2));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running.get() == 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }

        window.stop(); // returns although slow-1's receiver never answered

        assertEquals(0, running.get());
        assertTrue(outcomes.isEmpty(), "neither the interrupted event nor the waiting one is finished: " + outcomes);
        gate.countDown();
        start(keyed("slow", 1));
        awaitOutcomes(1);
        assertNull(outcomes.get("slow-2"));
        assertEquals(List.of("slow-1"), delivered);
    }
}
