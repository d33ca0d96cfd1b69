package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.RetryPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.PushSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delivery semantics with in-memory fakes of the ports. */
class PushDeliveryTest {

    /** A sink that answers from a script, then succeeds. Thread-safe, as sinks must be. */
    static final class ScriptedSink implements PushSink {
        final Deque<Outcome> script = new ArrayDeque<>();
        final List<EventEnvelope> received = new ArrayList<>();

        @Override
        public synchronized Outcome deliver(EventEnvelope event) {
            received.add(event);
            Outcome next = script.poll();
            return next != null ? next : Outcome.success(200, Duration.ZERO);
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }

    /** Dead letters in a list. Thread-safe, as the port requires: lanes of a batch add at the same time. */
    static class InMemoryDeadLetters implements DeadLetters {
        final List<DeadLetter> letters = new ArrayList<>();
        int acknowledged;

        @Override
        public synchronized Position add(String route, EventEnvelope event, String reason, int attempts) {
            Position p = new Position("0:" + letters.size());
            letters.add(new DeadLetter(event, p, reason, attempts, Instant.EPOCH));
            return p;
        }

        @Override
        public synchronized List<DeadLetter> pending(String route, int limit) {
            return List.copyOf(letters).subList(acknowledged, Math.min(letters.size(), acknowledged + limit));
        }

        @Override
        public synchronized void acknowledge(String route, DeadLetter letter) {
            acknowledged = letters.indexOf(letter) + 1;
        }
    }

    static PushSink.Outcome failure(int status, Duration retryAfter) {
        return new PushSink.Outcome(false, status >= 500 || status == 429, status, retryAfter, "HTTP " + status,
                Duration.ZERO);
    }

    static LoggedEvent event(String json) {
        return new LoggedEvent(new EventEnvelope("id-" + json.hashCode(), "/t", "t", null, Instant.EPOCH,
                "application/json", "k", Map.of(), json.getBytes(StandardCharsets.UTF_8)), new Position("0:0"), "0:0");
    }

    private final ScriptedSink sink = new ScriptedSink();
    private final InMemoryDeadLetters dead = new InMemoryDeadLetters();
    private final List<Duration> slept = new ArrayList<>();

    private PushDelivery delivery(Pipeline pipeline, int maxAttempts) {
        Route route = new Route("r", "topic", "g", pipeline, sink,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), maxAttempts, Duration.ofSeconds(30)));
        return new PushDelivery(route, dead, slept::add, () -> 0.0, null);
    }

    @Test
    void aTombstoneGoesOnToALogAsItIsAndToNoOtherSink() throws Exception {
        EventEnvelope tombstone = EventEnvelope.tombstone("t-1", "/cdc", "customer_deleted", "42", Instant.EPOCH);
        LoggedEvent logged = new LoggedEvent(tombstone, new Position("0:1"), "0:1");
        // a step that cannot read an empty payload: a tombstone must not reach it (it would be dead-lettered)
        Pipeline refusing = new Pipeline(List.of(e -> {
            throw new dev.sluice.ports.spi.Processor.ProcessingException("not JSON", null);
        }), List.of("json step"));
        delivery(refusing, 3).handle(logged);
        assertTrue(sink.received.isEmpty(), "a webhook-like sink never gets a tombstone");
        assertTrue(dead.letters.isEmpty());

        dev.sluice.engine.AppendOnlyLog log = new dev.sluice.engine.AppendOnlyLog();
        Route toLog = new Route("r", "topic", "g", Pipeline.EMPTY, new LogSink(log, "customers", Duration.ofSeconds(1)),
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 3, Duration.ofSeconds(30)));
        new PushDelivery(toLog, dead, slept::add, () -> 0.0, null).handle(logged);
        assertEquals(List.of(tombstone), log.appended, "the log gets it unchanged, to drop the key");
        assertTrue(log.appended.get(0).isTombstone());
    }

    @Test
    void retriesWithBackoffUntilTheSinkAccepts() throws Exception {
        sink.script.add(failure(503, null));
        sink.script.add(failure(500, null));
        delivery(Pipeline.EMPTY, 5).handle(event("{}"));
        assertEquals(3, sink.received.size());
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), slept);
        assertTrue(dead.letters.isEmpty());
    }

    @Test
    void honoursRetryAfter() throws Exception {
        sink.script.add(failure(429, Duration.ofSeconds(3)));
        delivery(Pipeline.EMPTY, 5).handle(event("{}"));
        assertEquals(List.of(Duration.ofSeconds(3)), slept);
    }

    @Test
    void givesUpAfterMaxAttemptsIntoTheDeadLetters() throws Exception {
        for (int i = 0; i < 3; i++) {
            sink.script.add(failure(500, null));
        }
        delivery(Pipeline.EMPTY, 3).handle(event("{\"a\":1}"));
        assertEquals(3, sink.received.size());
        assertEquals(1, dead.letters.size());
        assertEquals(3, dead.letters.get(0).attempts());
        assertTrue(dead.letters.get(0).reason().contains("HTTP 500"));
    }

    @Test
    void aPermanentRejectionIsDeadLetteredAtOnce() throws Exception {
        sink.script.add(failure(400, null));
        delivery(Pipeline.EMPTY, 5).handle(event("{}"));
        assertEquals(1, sink.received.size());
        assertTrue(slept.isEmpty());
        assertTrue(dead.letters.get(0).reason().startsWith("rejected"));
    }

    @Test
    void aDestinationThatIsGoneHaltsTheRouteWithoutDeadLetteringUntilItIsResumed() throws Exception {
        sink.script.add(PushSink.Outcome.gone(410, "the receiver answered 410 Gone", Duration.ZERO));
        List<String> pauses = new ArrayList<>();
        Route route = new Route("r", "topic", "g", Pipeline.EMPTY, sink,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 5, Duration.ofSeconds(30)));
        PushDelivery delivery = new PushDelivery(route, dead, slept::add, () -> 0.0, null, pauses::add);

        PushDelivery.Halted first = assertThrows(PushDelivery.Halted.class, () -> delivery.handle(event("{\"n\":1}")));
        assertTrue(first.getMessage().contains("410 Gone"), first.getMessage());
        assertEquals(List.of("the receiver answered 410 Gone"), pauses, "the route is told to pause, once");
        assertEquals("the receiver answered 410 Gone", delivery.halted());
        assertTrue(dead.letters.isEmpty(), "the event is not given up on: the consumer must not commit it");
        assertTrue(slept.isEmpty(), "no retries against a destination that is gone");

        // the consumer hands the same event again before it is closed: nothing is sent, nothing committed
        assertThrows(PushDelivery.Halted.class, () -> delivery.handle(event("{\"n\":1}")));
        assertEquals(1, sink.received.size());
        assertEquals(1, pauses.size());

        delivery.unhalt();
        delivery.handle(event("{\"n\":1}"));
        assertEquals(2, sink.received.size(), "after the resume the same event is delivered");
        assertNull(delivery.halted());
        assertTrue(dead.letters.isEmpty());
    }

    @Test
    void filteredEventsAreNotDeliveredAndPipelineFailuresAreDeadLettered() throws Exception {
        Processor dropAll = e -> null;
        delivery(new Pipeline(List.of(dropAll), List.of("drop")), 5).handle(event("{}"));
        assertTrue(sink.received.isEmpty());

        Processor broken = e -> {
            throw new Processor.ProcessingException("not JSON", null);
        };
        delivery(new Pipeline(List.of(broken), List.of("broken")), 5).handle(event("x"));
        assertEquals("pipeline failed: not JSON", dead.letters.get(0).reason());
    }

    @Test
    void replayKeepsTheOriginalAndRunsThePipelineAgain() throws Exception {
        Processor upper = e -> e.withPayload(new String(e.payload(), StandardCharsets.UTF_8).toUpperCase()
                .getBytes(StandardCharsets.UTF_8), e.contentType());
        PushDelivery d = delivery(new Pipeline(List.of(upper), List.of("upper")), 1);
        sink.script.add(failure(500, null));
        d.handle(event("{\"a\":\"b\"}"));
        assertEquals("{\"a\":\"b\"}", new String(dead.letters.get(0).event().payload(), StandardCharsets.UTF_8));
        assertEquals(null, d.replayOnce(dead.letters.get(0).event()));
        assertEquals("{\"A\":\"B\"}", new String(sink.received.get(1).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void aProcessorThatThrowsAnythingDeadLettersItsEventAndTheNextOneIsDelivered() throws Exception {
        Processor buggy = e -> {
            if (new String(e.payload(), StandardCharsets.UTF_8).contains("poison")) {
                throw new NullPointerException("bug in a processor");
            }
            return e;
        };
        PushDelivery d = delivery(new Pipeline(List.of(buggy), List.of("buggy")), 5);
        d.handle(event("{\"poison\":1}"));
        d.handle(event("{\"fine\":2}"));
        assertEquals(1, dead.letters.size());
        assertEquals("pipeline failed: NullPointerException: bug in a processor", dead.letters.get(0).reason());
        assertEquals(1, sink.received.size(), "the next event was delivered");
        assertTrue(slept.isEmpty(), "a processor failure is not retried");
    }

    @Test
    void aSinkThatThrowsWhileBuildingItsRequestDeadLettersAtOnceInsteadOfRetryingForever() throws Exception {
        PushSink throwing = new PushSink() {
            int calls;

            @Override
            public synchronized Outcome deliver(EventEnvelope event) {
                if (calls++ == 0) {
                    throw new IllegalArgumentException("invalid header value");
                }
                return Outcome.success(200, Duration.ZERO);
            }

            @Override
            public String describe() {
                return "throwing";
            }
        };
        Route route = new Route("r", "topic", "g", Pipeline.EMPTY, throwing,
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 5, Duration.ofSeconds(30)));
        PushDelivery d = new PushDelivery(route, dead, slept::add, () -> 0.0, null);
        d.handle(event("{\"a\":1}"));
        d.handle(event("{\"b\":2}"));
        assertEquals(1, dead.letters.size());
        assertEquals(1, dead.letters.get(0).attempts());
        assertEquals("rejected: could not send: IllegalArgumentException: invalid header value",
                dead.letters.get(0).reason());
        assertTrue(slept.isEmpty(), "not retried");
    }
}
