package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.Pipeline;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.domain.route.Output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.route.PushDeliveryTest.InMemoryDeadLetters;
import dev.sluice.engine.route.PushDeliveryTest.ScriptedSink;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.PushSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fan-out, fallback and per-output retry (scenario S2), with in-memory fakes of the ports. */
class BridgeOutputsTest {

    private final ScriptedSink kafka = new ScriptedSink();
    private final ScriptedSink kafkaDlq = new ScriptedSink();
    private final ScriptedSink amqp = new ScriptedSink();
    private final ScriptedSink amqpDlq = new ScriptedSink();
    private final InMemoryDeadLetters dead = new InMemoryDeadLetters();
    private final List<Duration> slept = new ArrayList<>();
    private final List<String> fellBack = new ArrayList<>();

    private static PushSink.Outcome down() {
        return new PushSink.Outcome(false, true, 0, null, "broker unavailable", Duration.ZERO);
    }

    private static PushSink.Outcome rejected() {
        return new PushSink.Outcome(false, false, 0, null, "rejected", Duration.ZERO);
    }

    private static RetryPolicy retries(int maxAttempts) {
        return new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), maxAttempts, Duration.ofSeconds(1));
    }

    /** The S2 bridge: fan-out to (Kafka, else AMQP KAFKA_DLQ) and (AMQP, else Kafka AMQP_DLQ). */
    private PushDelivery bridge(RetryPolicy kafkaRetry) {
        Output output = new Output.FanOut(List.of(
                new Output.Fallback(List.of(new Output.To("kafka FOO", kafka, kafkaRetry),
                        new Output.To("amqp KAFKA_DLQ", kafkaDlq, null))),
                new Output.Fallback(List.of(new Output.To("amqp FOO", amqp, null),
                        new Output.To("kafka AMQP_DLQ", amqpDlq, null)))));
        Route route = new Route("bridge", "EXTERNAL", "bridge-group", null, Pipeline.EMPTY, null, output);
        return new PushDelivery(route, dead, slept::add, () -> 0.0, new PushDelivery.DeliveryListener() {
            @Override
            public void fellBack(String r, EventEnvelope event, String taker, String why) {
                fellBack.add(taker + " <- " + why);
            }
        });
    }

    @Test
    void everyOutputOfAFanOutGetsEveryEvent() throws Exception {
        PushDelivery d = bridge(null);
        d.handle(PushDeliveryTest.event("{\"n\":1}"));
        d.handle(PushDeliveryTest.event("{\"n\":2}"));
        assertEquals(2, kafka.received.size());
        assertEquals(2, amqp.received.size());
        assertTrue(kafkaDlq.received.isEmpty() && amqpDlq.received.isEmpty() && dead.letters.isEmpty());
    }

    @Test
    void whenThePrimaryFailsAfterItsRetriesTheFallbackTakesTheEvent() throws Exception {
        kafka.script.add(down());
        kafka.script.add(down());
        kafka.script.add(down());
        bridge(retries(3)).handle(PushDeliveryTest.event("{}"));
        assertEquals(3, kafka.received.size(), "the primary's own retry policy runs first");
        assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), slept, "its backoff, equal jitter at 0");
        assertEquals(1, kafkaDlq.received.size(), "then the fallback took it");
        assertEquals(1, amqp.received.size(), "the other branch is not held back");
        assertTrue(dead.letters.isEmpty(), "taken by a fallback is delivered");
        assertEquals(1, fellBack.size());
        assertTrue(fellBack.get(0).contains("kafka FOO: gave up after 3 attempts"), fellBack.get(0));
    }

    @Test
    void withoutARetryPolicyAFallbackTakesOverAtOnce() throws Exception {
        amqp.script.add(down());
        bridge(null).handle(PushDeliveryTest.event("{}"));
        assertEquals(1, amqp.received.size());
        assertEquals(1, amqpDlq.received.size());
        assertTrue(slept.isEmpty());
    }

    @Test
    void aRejectionIsNotRetriedButStillFallsBack() throws Exception {
        kafka.script.add(rejected());
        bridge(retries(5)).handle(PushDeliveryTest.event("{}"));
        assertEquals(1, kafka.received.size(), "rejected is final at that output");
        assertEquals(1, kafkaDlq.received.size());
    }

    @Test
    void whenEveryFallbackFailsTheEventIsDeadLetteredNamingEachFailure() throws Exception {
        kafka.script.add(down());
        kafkaDlq.script.add(down());
        bridge(null).handle(PushDeliveryTest.event("{}"));
        assertEquals(1, amqp.received.size(), "the healthy branch still got it");
        assertEquals(1, dead.letters.size());
        String reason = dead.letters.get(0).reason();
        assertTrue(reason.startsWith("fan-out: every fallback failed: kafka FOO: failed: broker unavailable; "
                + "amqp KAFKA_DLQ: failed: broker unavailable"), reason);
    }

    @Test
    void aSourceThatCannotEvenDeadLetterIsNotAcknowledged() {
        kafka.script.add(down());
        kafkaDlq.script.add(down());
        Output output = new Output.Fallback(List.of(new Output.To("kafka FOO", kafka, null),
                new Output.To("amqp KAFKA_DLQ", kafkaDlq, null)));
        Route route = new Route("bridge", "EXTERNAL", "bridge-group", null, Pipeline.EMPTY, null, output);
        PushDelivery d = new PushDelivery(route, new InMemoryDeadLetters() {
            @Override
            public dev.sluice.ports.event.Position add(String r, EventEnvelope e, String reason, int attempts) {
                throw new dev.sluice.ports.event.BrokerUnavailableException("down too", Duration.ofSeconds(1), null);
            }
        }, slept::add, () -> 0.0, null);
        assertThrows(dev.sluice.ports.event.BrokerUnavailableException.class,
                () -> d.handle(PushDeliveryTest.event("{}")), "the handler throws, so the source keeps the message");
    }

    @Test
    void aReplayTriesEachOutputOnceWithoutBackoff() throws Exception {
        kafka.script.add(down());
        String failure = bridge(retries(5)).replayOnce(PushDeliveryTest.event("{}").event());
        assertEquals(null, failure);
        assertEquals(1, kafka.received.size());
        assertEquals(1, kafkaDlq.received.size());
        assertTrue(slept.isEmpty());
    }

    @Test
    void aFanOutOrFallbackNeedsTwoOutputs() {
        assertThrows(IllegalArgumentException.class, () -> new Output.FanOut(List.of(new Output.To("a", kafka, null))));
        assertThrows(IllegalArgumentException.class, () -> new Output.Fallback(List.of()));
    }
}
