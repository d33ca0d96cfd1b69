package dev.sluice.ports.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} and {@link DeadLetters} must do, whatever the broker. An adapter's test
 * extends this class and supplies its implementations; each test uses its own topic names.
 */
public abstract class EventLogContract {

    protected abstract EventLog log();

    protected abstract DeadLetters deadLetters();

    /**
     * A second event log on the same broker, standing for another Sluice process: on brokers that name
     * their consumers (Redis), under another consumer name.
     */
    protected abstract EventLog anotherInstance();

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static EventEnvelope event(String key, String json) {
        return new EventEnvelope(UUID.randomUUID().toString(), "/contract", "thing_happened", key,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "application/json", key, Map.of("trace", "t1"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<EventEnvelope> events(int n) {
        List<EventEnvelope> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event("k" + (i % 3), "{\"n\":" + i + "}"));
        }
        return out;
    }

    protected static <T> List<T> awaitSize(List<T> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(list.size() >= size, "expected " + size + " items within 30 s, got " + list.size());
        return list;
    }

    private List<Position> append(String topic, List<EventEnvelope> events) throws Exception {
        return log().append(topic, events).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void appendAcknowledgesEachEventWithADistinctPosition() throws Exception {
        List<Position> positions = append(unique("append"), events(5));
        assertEquals(5, positions.size());
        assertEquals(5, positions.stream().distinct().count());
    }

    @Test
    void tailFromEarliestReturnsEveryEventIntactAndInOrder() throws Exception {
        String topic = unique("earliest");
        List<EventEnvelope> sent = events(7);
        List<Position> positions = append(topic, sent);
        List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription s = log().tail(topic, StartAt.earliest(), seen::add)) {
            awaitSize(seen, 7);
        }
        for (int i = 0; i < 7; i++) {
            EventEnvelope expected = sent.get(i);
            EventEnvelope got = seen.get(i).event();
            assertEquals(expected.id(), got.id());
            assertEquals(expected.type(), got.type());
            assertEquals(expected.source(), got.source());
            assertEquals(expected.subject(), got.subject());
            assertEquals(expected.key(), got.key());
            assertEquals(expected.time(), got.time());
            assertEquals("t1", got.headers().get("trace"));
            assertArrayEquals(expected.payload(), got.payload());
            assertEquals(positions.get(i), seen.get(i).position());
        }
    }

    @Test
    void tailFromLatestSeesOnlyWhatIsAppendedAfterSubscribing() throws Exception {
        String topic = unique("latest");
        append(topic, events(3));
        List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription s = log().tail(topic, StartAt.latest(), seen::add)) {
            List<EventEnvelope> later = events(2);
            append(topic, later);
            awaitSize(seen, 2);
            Thread.sleep(300);
            assertEquals(List.of(later.get(0).id(), later.get(1).id()),
                    seen.stream().map(e -> e.event().id()).toList());
        }
    }

    @Test
    void resumingAfterACursorGivesTheRestWithoutGapOrRepeat() throws Exception {
        String topic = unique("resume");
        List<EventEnvelope> first = events(4);
        append(topic, first);
        List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
        try (Subscription s = log().tail(topic, StartAt.earliest(), seen::add)) {
            awaitSize(seen, 4);
        }
        String cursor = seen.get(1).cursor();
        List<EventEnvelope> second = events(3);
        append(topic, second);
        List<LoggedEvent> resumed = new CopyOnWriteArrayList<>();
        try (Subscription s = log().tail(topic, StartAt.after(cursor), resumed::add)) {
            awaitSize(resumed, 5);
            Thread.sleep(300);
        }
        List<String> expected = new ArrayList<>();
        expected.add(first.get(2).id());
        expected.add(first.get(3).id());
        second.forEach(e -> expected.add(e.id()));
        assertEquals(expected, resumed.stream().map(e -> e.event().id()).toList());
    }

    /** Text that is neither ASCII nor a single UTF-16 unit per character. */
    protected static final String NON_ASCII = "Zürich ☃ 日本 \uD83D\uDE00";

    /**
     * Events whose headers every broker must give back exactly: a mixed-case name, a non-ASCII value, an
     * extension name, names that look like a CloudEvents attribute or a broker's own, a non-ASCII name.
     */
    private static List<EventEnvelope> eventsWithAwkwardHeaders() {
        return List.of(
                event("h1", "{\"h\":1}").withHeaders(Map.of("Trace-Id", "t-1", "traceparent", "00-ab-01")),
                event("h2", "{\"h\":2}").withHeaders(Map.of("note", NON_ASCII, "Trace-Id", NON_ASCII)),
                event("h3", "{\"h\":3}").withHeaders(Map.of("id", "not-the-id", "content-type", "text/plain",
                        "x-request-id", "r-1", "ce_thing", "c", "Ort-Zürich", "a=b&c%d")));
    }

    @Test
    void headersArriveWithTheirExactNamesAndValuesInTailsAndGroups() throws Exception {
        String topic = unique("headers");
        String group = unique("g");
        log().consume(topic, group, e -> { }).close(); // the group exists before traffic, as a route's does
        List<EventEnvelope> sent = eventsWithAwkwardHeaders();
        append(topic, sent);
        List<LoggedEvent> tailed = new CopyOnWriteArrayList<>();
        try (Subscription s = log().tail(topic, StartAt.earliest(), tailed::add)) {
            awaitSize(tailed, sent.size());
        }
        List<LoggedEvent> consumed = new CopyOnWriteArrayList<>();
        try (Subscription s = log().consume(topic, group, consumed::add)) {
            awaitSize(consumed, sent.size());
        }
        for (int i = 0; i < sent.size(); i++) {
            EventEnvelope expected = sent.get(i);
            assertEquals(expected, tailed.get(i).event(), "tail: " + expected.headers());
            EventEnvelope got = consumed.get(i).event();
            assertEquals(expected.id(), got.id(), "a header cannot replace a context attribute");
            assertEquals(expected.headers(), got.headers(), "group");
        }
    }

    @Test
    void deadLettersKeepTheirHeadersExactly() {
        String route = unique("route");
        List<EventEnvelope> sent = eventsWithAwkwardHeaders();
        for (EventEnvelope e : sent) {
            deadLetters().add(route, e, "HTTP 500 " + NON_ASCII, 2);
        }
        List<DeadLetters.DeadLetter> pending = deadLetters().pending(route, 10);
        assertEquals(sent.size(), pending.size());
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).id(), pending.get(i).event().id());
            assertEquals(sent.get(i).headers(), pending.get(i).event().headers());
            assertEquals("HTTP 500 " + NON_ASCII, pending.get(i).reason());
        }
    }

    /** More than a RabbitMQ reader's prefetch window, and than amqp-client queues for one channel. */
    private static final int MANY = 1_200;

    @Test
    void aTailListenerThatWaitsHoldsUpOnlyItsOwnReader() throws Exception {
        String topic = unique("waiting");
        List<EventEnvelope> sent = events(MANY);
        append(topic, sent);
        CountDownLatch release = new CountDownLatch(1);
        List<LoggedEvent> held = new CopyOnWriteArrayList<>();
        try (Subscription waiting = log().tail(topic, StartAt.earliest(), e -> {
            held.add(e);
            if (held.size() == 1) {
                awaitQuietly(release);
            }
        })) {
            awaitSize(held, 1);
            // meanwhile appends are acknowledged and another reader of the topic gets everything
            List<EventEnvelope> later = events(1);
            append(topic, later);
            List<LoggedEvent> other = new CopyOnWriteArrayList<>();
            try (Subscription s = log().tail(topic, StartAt.earliest(), other::add)) {
                awaitSize(other, MANY + 1);
            }
            assertEquals(1, held.size(), "the waiting reader read on");

            release.countDown();
            awaitSize(held, MANY + 1);
            List<String> expected = new ArrayList<>(sent.stream().map(EventEnvelope::id).toList());
            expected.add(later.get(0).id());
            assertEquals(expected, held.stream().map(e -> e.event().id()).toList(), "then the rest, in order");
        }
    }

    @Test
    void aTailClosedWhileItsListenerWaitsStopsOnceTheListenerReturns() throws Exception {
        String topic = unique("closing");
        append(topic, events(MANY));
        CountDownLatch release = new CountDownLatch(1);
        List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> reader = new AtomicReference<>();
        Subscription s = log().tail(topic, StartAt.earliest(), e -> {
            seen.add(e);
            if (reader.compareAndSet(null, Thread.currentThread())) {
                awaitQuietly(release);
            }
        });
        awaitSize(seen, 1);
        s.close();
        release.countDown(); // as the SSE endpoint wakes a reader whose client went away
        assertTrue(reader.get().join(Duration.ofSeconds(10)), "the reader's thread goes on: " + reader.get().getState());
        assertEquals(1, seen.size(), "events after the close");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aConsumerGroupCommitsWhatItHandledAndRedeliversWhatFailed() throws Exception {
        String topic = unique("group");
        String group = unique("g");
        // the group exists before traffic, as a route's group does from start-up; where a group that
        // never ran starts is broker-specific (Kafka and Redis: the topic's beginning) and tested there
        log().consume(topic, group, e -> { }).close();
        append(topic, events(4));
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        try (Subscription s = log().consume(topic, group, e -> {
            String n = new String(e.event().payload(), StandardCharsets.UTF_8);
            if (n.contains("\"n\":2") && failures.getAndIncrement() == 0) {
                throw new IllegalStateException("first try of n=2 fails");
            }
            handled.add(n);
        })) {
            awaitSize(handled, 4);
        }
        assertEquals(List.of("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), handled);
        assertEquals(2, failures.get(), "n=2 was handed over twice");

        assertARestartGetsOnlyWhatFollows(topic, group, "only what was not committed is delivered again");
    }

    /**
     * Starts a consumer of a new group whose handler takes the first event and never returns, waits until
     * it has it, then stops that consumer the way a dying process does: it never commits. Returns the
     * topic and group, which hold {@code sent} uncommitted.
     */
    private String[] aConsumerDiesHolding(List<EventEnvelope> sent) throws Exception {
        String topic = unique("crash");
        String group = unique("g");
        log().consume(topic, group, e -> { }).close();
        append(topic, sent);
        java.util.concurrent.CountDownLatch handed = new java.util.concurrent.CountDownLatch(1);
        Subscription dying = log().consume(topic, group, e -> {
            handed.countDown();
            new java.util.concurrent.CountDownLatch(1).await(); // hangs until the consumer is stopped
        });
        assertTrue(handed.await(30, TimeUnit.SECONDS), "the first consumer was handed an event");
        dying.close();
        return new String[] {topic, group};
    }

    @Test
    void whatADeadConsumerHeldGoesToAnotherInstanceOfItsGroup() throws Exception {
        List<EventEnvelope> sent = events(5);
        String[] at = aConsumerDiesHolding(sent);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Subscription other = anotherInstance().consume(at[0], at[1], e -> handled.add(e.event().id()))) {
            awaitSize(handled, 5);
            Thread.sleep(300);
        }
        assertEquals(sent.stream().map(EventEnvelope::id).toList(), handled,
                "every event the dead consumer held or had not reached, once, in order");
    }

    @Test
    void aConsumerThatStartsAgainGetsWhatItHadNotCommitted() throws Exception {
        List<EventEnvelope> sent = events(3);
        String[] at = aConsumerDiesHolding(sent);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Subscription again = log().consume(at[0], at[1], e -> handled.add(e.event().id()))) {
            awaitSize(handled, 3);
            Thread.sleep(300);
        }
        assertEquals(sent.stream().map(EventEnvelope::id).toList(), handled);
    }

    /** Appends one more event and restarts the group: only that event comes. */
    private void assertARestartGetsOnlyWhatFollows(String topic, String group, String why) throws Exception {
        List<EventEnvelope> more = events(1);
        append(topic, more);
        List<String> afterRestart = new CopyOnWriteArrayList<>();
        try (Subscription s = log().consume(topic, group, e -> afterRestart.add(e.event().id()))) {
            awaitSize(afterRestart, 1);
            Thread.sleep(500);
        }
        assertEquals(List.of(more.get(0).id()), afterRestart, why);
    }

    /**
     * For brokers whose consumer group that never ran starts at the beginning of the topic (Kafka,
     * Redis): an adapter test calls this from a test of its own.
     */
    protected void assertANewGroupStartsAtTheBeginning() throws Exception {
        String topic = unique("newgroup");
        List<EventEnvelope> before = events(3);
        append(topic, before);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Subscription s = log().consume(topic, unique("g"), e -> handled.add(e.event().id()))) {
            awaitSize(handled, 3);
        }
        assertEquals(before.stream().map(EventEnvelope::id).toList(), handled);
    }

    /**
     * For brokers whose groups hand over batches (Kafka, Redis): a batch whose handler throws comes
     * again from its first record, and what was handled then does not come again after a restart.
     * {@code whenHandedAgain} is called with the topic and group when the failed batch comes again. An
     * adapter test calls this from a test of its own.
     */
    protected void assertAFailedBatchIsHandedAgainWhole(BiConsumer<String, String> whenHandedAgain)
            throws Exception {
        String topic = unique("batch");
        String group = unique("g");
        List<EventEnvelope> sent = events(5);
        append(topic, sent);
        List<String> ids = sent.stream().map(EventEnvelope::id).toList();
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        EventLog.GroupHandler failingOnce = new EventLog.GroupHandler() {
            @Override
            public void handle(LoggedEvent event) {
                throw new AssertionError("a handler with maxBatch > 1 gets batches");
            }

            @Override
            public void handleBatch(List<LoggedEvent> events) {
                batches.add(events.stream().map(e -> e.event().id()).toList());
                if (batches.size() == 1) {
                    throw new IllegalStateException("the first batch fails, after handling some of it");
                }
                if (batches.size() == 2) {
                    whenHandedAgain.accept(topic, group);
                }
            }

            @Override
            public int maxBatch() {
                return 100;
            }
        };
        List<String> handledAgain = new ArrayList<>();
        try (Subscription s = log().consume(topic, group, failingOnce)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (batches.stream().skip(1).mapToLong(List::size).sum() < ids.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // until the last batch is committed
        }
        assertTrue(batches.size() >= 2, "handed again: " + batches);
        assertEquals(batches.get(0), batches.get(1).subList(0, batches.get(0).size()),
                "the failed batch came again from its first record");
        batches.stream().skip(1).forEach(handledAgain::addAll);
        assertEquals(ids, handledAgain, "then every record once, in order");
        assertARestartGetsOnlyWhatFollows(topic, group, "what a batch handled was committed");
    }

    @Test
    void deadLettersArePendingUntilAcknowledged() {
        String route = unique("route");
        EventEnvelope a = event("a", "{\"a\":1}");
        EventEnvelope b = event("b", "{\"b\":2}");
        deadLetters().add(route, a, "HTTP 500", 3);
        deadLetters().add(route, b, "HTTP 503", 8);

        List<DeadLetters.DeadLetter> pending = deadLetters().pending(route, 10);
        assertEquals(List.of(a.id(), b.id()), pending.stream().map(d -> d.event().id()).toList());
        assertEquals("HTTP 500", pending.get(0).reason());
        assertEquals(3, pending.get(0).attempts());
        assertArrayEquals(a.payload(), pending.get(0).event().payload());
        assertEquals(a.headers(), pending.get(0).event().headers(), "bookkeeping headers are not part of the event");

        deadLetters().acknowledge(route, pending.get(0));
        assertEquals(List.of(b.id()), deadLetters().pending(route, 10).stream().map(d -> d.event().id()).toList());
        assertEquals(1, deadLetters().pending(route, 1).size());
        assertTrue(deadLetters().pending(unique("other"), 10).isEmpty());
    }
}
