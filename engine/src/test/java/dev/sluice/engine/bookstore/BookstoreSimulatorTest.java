package dev.sluice.engine.bookstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.domain.bookstore.Catalogue;
import dev.sluice.domain.bookstore.Simulation;
import dev.sluice.engine.AppendOnlyLog;
import dev.sluice.engine.ToStringJson;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.in.ConflictException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.RunSimulator.Settings;
import dev.sluice.ports.in.RunSimulator.Status;
import dev.sluice.ports.in.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class BookstoreSimulatorTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The log fake, keeping each event with its topic. */
    static final class TopicLog extends AppendOnlyLog {
        final List<String> topics = new ArrayList<>();

        @Override
        protected void appended(String topic, EventEnvelope event) {
            topics.add(topic);
        }

        synchronized List<EventEnvelope> of(String topic) {
            List<EventEnvelope> out = new ArrayList<>();
            for (int i = 0; i < appended.size(); i++) {
                if (topics.get(i).equals(topic)) {
                    out.add(appended.get(i));
                }
            }
            return out;
        }
    }

    private static BookstoreSimulator simulator(AppendOnlyLog log) {
        return new BookstoreSimulator(log, new ToStringJson(), Thread::sleep, Clock.systemUTC(), "s4.",
                Duration.ofSeconds(5));
    }

    private static Status awaitEnd(BookstoreSimulator simulator) throws InterruptedException {
        for (int i = 0; i < 500 && simulator.status().running(); i++) {
            Thread.sleep(10);
        }
        return simulator.status();
    }

    @Test
    void aRunWritesTheCatalogueThenExactlyTheSimulationsEventsOnTheirTopics() throws Exception {
        TopicLog log = new TopicLog();
        BookstoreSimulator simulator = simulator(log);

        simulator.start(new Settings(42L, 1200L, 0.0, START));
        Status done = awaitEnd(simulator);

        assertFalse(done.running());
        assertNull(done.error());
        assertEquals(Catalogue.BOOKS, log.of("s4.book").size());
        assertEquals(Catalogue.CUSTOMERS, log.of("s4.customer").size());
        assertEquals("bk-001", log.of("s4.book").get(0).key());
        Simulation expected = new Simulation(42, START);
        List<Simulation.Event> events = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            events.add(expected.next());
        }
        long total = 0;
        for (String topic : Simulation.TOPICS) {
            List<Simulation.Event> want = events.stream().filter(e -> e.topic().equals(topic)).toList();
            List<EventEnvelope> got = log.of("s4." + topic);
            assertEquals(want.size(), got.size(), topic);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).key(), got.get(i).key());
                assertEquals(want.get(i).time(), got.get(i).time(), "the event's time is its simulated time");
                assertArrayEquals(want.get(i).fields().toString().getBytes(StandardCharsets.UTF_8), got.get(i).payload());
                assertEquals("bookstore." + topic, got.get(i).type());
            }
            assertEquals((long) want.size(), done.counts().getOrDefault(topic, 0L), topic);
            total += want.size();
        }
        assertEquals(1200, total);
        assertEquals(events.get(1199).time(), done.simulatedTime());
    }

    @Test
    void aSecondStartWhileRunningIsAConflictAndStopEndsTheRun() throws Exception {
        TopicLog log = new TopicLog();
        BookstoreSimulator simulator = simulator(log);

        long began = System.nanoTime();
        Status started = simulator.start(new Settings(7L, null, 50.0, null));
        assertTrue(started.running());
        assertEquals(7L, started.seed());
        assertThrows(ConflictException.class, () -> simulator.start(new Settings(null, null, null, null)));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (shopEvents(simulator.status()) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Status stopped = simulator.stop();
        double seconds = (System.nanoTime() - began) / 1e9;

        assertFalse(stopped.running());
        long written = shopEvents(stopped);
        // paced to 50 a second (batches of 2): never more than the time it ran allows, however slow the machine
        assertTrue(written >= 3 && written <= 50 * seconds + 2, written + " events in " + seconds + " s at 50/s");
        Thread.sleep(200);
        assertEquals(stopped.counts(), simulator.status().counts(), "nothing is written after the stop");
        assertTrue(simulator.start(new Settings(8L, 10L, null, null)).running(), "a stopped simulator starts again");
        assertEquals(8L, awaitEnd(simulator).seed());
    }

    private static long shopEvents(Status status) {
        return status.counts().entrySet().stream().filter(e -> Simulation.TOPICS.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void settingsOutOfRangeAreRefusedWithPointersAndStartNothing() {
        TopicLog log = new TopicLog();
        BookstoreSimulator simulator = simulator(log);

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> simulator.start(new Settings(1L, 0L, -1.0, null)));

        assertEquals(List.of("/events", "/rate"), refused.violations().stream().map(Violation::pointer).toList());
        assertFalse(simulator.status().running());
        assertTrue(log.appended.isEmpty());
    }

    @Test
    void aLogThatDoesNotAcknowledgeEndsTheRunWithTheReason() throws Exception {
        AppendOnlyLog down = new AppendOnlyLog() {
            @Override
            public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
                return CompletableFuture.failedFuture(new BrokerUnavailableException("broker down", Duration.ofSeconds(1), null));
            }
        };
        BookstoreSimulator simulator = simulator(down);

        simulator.start(new Settings(null, 100L, null, START));
        Status ended = awaitEnd(simulator);

        assertFalse(ended.running());
        assertTrue(ended.error().contains("book") && ended.error().contains("broker down"), ended.error());
        assertEquals(Map.of(), ended.counts());
    }
}
