package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;
import dev.sluice.domain.route.Pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.engine.AppendOnlyLog;
import dev.sluice.engine.route.PushDeliveryTest.InMemoryDeadLetters;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.SubscribeToChannel;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.PullSink;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SSE subscribers of a pull route that start at "latest" share one reader; with in-memory fakes. */
class SharedTailTest {

    /** A log whose readers the test drives by hand: it records each {@code tail()} call. */
    static final class TailingLog extends AppendOnlyLog {
        record Tail(StartAt start, TailListener listener, AtomicBoolean closed) {
            void push(String json) {
                listener.onEvent(PushDeliveryTest.event(json));
            }
        }

        final List<Tail> tails = new CopyOnWriteArrayList<>();

        @Override
        public Subscription tail(String topic, StartAt start, TailListener listener) {
            Tail tail = new Tail(start, listener, new AtomicBoolean());
            tails.add(tail);
            return () -> tail.closed().set(true);
        }
    }

    /** What one subscriber got. */
    static class Recorder implements SubscribeToChannel.Listener {
        final List<String> data = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(SubscribeToChannel.ChannelEvent event) {
            data.add(event.data());
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
        }
    }

    private final TailingLog log = new TailingLog();
    private final AtomicInteger pipelineRuns = new AtomicInteger();
    private final RouteEngine engine = engine();

    private RouteEngine engine() {
        Processor counting = e -> {
            pipelineRuns.incrementAndGet();
            return e;
        };
        Route channel = new Route("ch", "topic", null, new Pipeline(List.of(counting), List.of("count")),
                new PullSink("sse"), null);
        return new RouteEngine(List.of(channel), log, new InMemoryDeadLetters(), d -> { }, () -> 0.0,
                Clock.systemUTC(), null);
    }

    private ObserveRoutes.Counts counts() {
        return engine.routes().get(0).counts();
    }

    @Test
    void latestSubscribersShareOneTailAndThePipelineRunsOncePerEvent() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        engine.subscribe("ch", StartAt.latest(), a);
        engine.subscribe("ch", StartAt.latest(), b);
        assertEquals(1, log.tails.size(), "one tail for both");
        assertEquals(StartAt.latest(), log.tails.get(0).start());

        log.tails.get(0).push("{\"n\":1}");
        log.tails.get(0).push("{\"n\":2}");
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), a.data);
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), b.data);
        assertEquals(2, pipelineRuns.get(), "once per event, not per subscriber");
        assertEquals(new ObserveRoutes.Counts(2, 2, 4, 0, 0, 2), counts(), "read and passed per event, delivered per subscriber");
    }

    @Test
    void aLeavingSubscriberStopsReceivingAndTheLastOneClosesTheTail() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        SubscribeToChannel.Subscription sa = engine.subscribe("ch", StartAt.latest(), a);
        SubscribeToChannel.Subscription sb = engine.subscribe("ch", StartAt.latest(), b);
        TailingLog.Tail first = log.tails.get(0);

        sa.close();
        sa.close(); // idempotent
        first.push("{\"n\":1}");
        assertTrue(a.data.isEmpty(), "a left before it");
        assertEquals(List.of("{\"n\":1}"), b.data);
        assertFalse(first.closed().get(), "b still reads");
        assertEquals(1, counts().subscribers());

        sb.close();
        assertTrue(first.closed().get(), "closed with the last subscriber");
        assertEquals(0, counts().subscribers());

        Recorder c = new Recorder();
        engine.subscribe("ch", StartAt.latest(), c);
        assertEquals(2, log.tails.size(), "the next subscriber opens a fresh tail");
        log.tails.get(1).push("{\"n\":2}");
        assertEquals(List.of("{\"n\":2}"), c.data);
    }

    @Test
    void aSubscriberJoiningARunningTailGetsWhatItReadsFromThenOn() {
        Recorder early = new Recorder();
        engine.subscribe("ch", StartAt.latest(), early);
        log.tails.get(0).push("{\"n\":1}");
        Recorder late = new Recorder();
        engine.subscribe("ch", StartAt.latest(), late);
        log.tails.get(0).push("{\"n\":2}");
        assertEquals(1, log.tails.size());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), early.data);
        assertEquals(List.of("{\"n\":2}"), late.data);
    }

    @Test
    void aThrowingListenerIsDroppedWithoutBlockingTheOthers() {
        Recorder before = new Recorder();
        AtomicInteger calls = new AtomicInteger();
        Recorder broken = new Recorder() {
            @Override
            public void onEvent(SubscribeToChannel.ChannelEvent event) {
                calls.incrementAndGet();
                throw new IllegalStateException("connection gone");
            }
        };
        Recorder after = new Recorder();
        engine.subscribe("ch", StartAt.latest(), before);
        engine.subscribe("ch", StartAt.latest(), broken);
        engine.subscribe("ch", StartAt.latest(), after);

        log.tails.get(0).push("{\"n\":1}");
        log.tails.get(0).push("{\"n\":2}");
        assertEquals(2, before.data.size());
        assertEquals(2, after.data.size());
        assertEquals(1, calls.get(), "dropped after its first failure");
        assertEquals("connection gone", broken.errors.get(0).getMessage(), "and told so");
        assertEquals(2, counts().subscribers());
        assertEquals(4, counts().delivered());
        assertFalse(log.tails.get(0).closed().get());
    }

    @Test
    void aTailErrorReachesEverySubscriberAndTheNextOneStartsAfresh() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        SubscribeToChannel.Subscription sa = engine.subscribe("ch", StartAt.latest(), a);
        engine.subscribe("ch", StartAt.latest(), b);
        IllegalStateException broker = new IllegalStateException("broker gone");

        log.tails.get(0).listener().onError(broker);
        assertSame(broker, a.errors.get(0));
        assertSame(broker, b.errors.get(0));
        assertEquals(0, counts().subscribers());
        sa.close(); // the stream ending after the error closes its subscription: nothing more happens

        Recorder c = new Recorder();
        engine.subscribe("ch", StartAt.latest(), c);
        assertEquals(2, log.tails.size(), "the failed tail is not reused");
        log.tails.get(1).push("{\"n\":1}");
        assertEquals(List.of("{\"n\":1}"), c.data);
        assertTrue(a.data.isEmpty() && b.data.isEmpty());
        assertEquals(1, counts().subscribers());
    }

    @Test
    void replaysAndResumesKeepATailOfTheirOwn() {
        Recorder live = new Recorder();
        Recorder replay = new Recorder();
        Recorder resume = new Recorder();
        engine.subscribe("ch", StartAt.latest(), live);
        SubscribeToChannel.Subscription sr = engine.subscribe("ch", StartAt.earliest(), replay);
        engine.subscribe("ch", StartAt.after("0:7"), resume);
        assertEquals(List.of(StartAt.latest(), StartAt.earliest(), StartAt.after("0:7")),
                log.tails.stream().map(TailingLog.Tail::start).toList());

        log.tails.get(1).push("{\"old\":1}");
        assertEquals(List.of("{\"old\":1}"), replay.data);
        assertTrue(live.data.isEmpty() && resume.data.isEmpty());
        assertEquals(3, counts().subscribers());
        sr.close();
        assertTrue(log.tails.get(1).closed().get());
        assertFalse(log.tails.get(0).closed().get());
    }
}
