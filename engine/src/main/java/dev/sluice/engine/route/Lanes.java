package dev.sluice.engine.route;

import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Handles a batch of events in parallel lanes: events with the same key share a lane and keep their
 * order in it, so per-key order holds while different keys are delivered at the same time. An event
 * without a key goes to a lane by its id.
 */
final class Lanes {

    private Lanes() {}

    /** Splits {@code events} into at most {@code count} non-empty lanes by key, each in batch order. */
    static List<List<LoggedEvent>> split(List<LoggedEvent> events, int count) {
        List<List<LoggedEvent>> lanes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lanes.add(new ArrayList<>());
        }
        for (LoggedEvent logged : events) {
            String key = logged.event().key() != null ? logged.event().key() : logged.event().id();
            lanes.get(Math.floorMod(key.hashCode(), count)).add(logged);
        }
        lanes.removeIf(List::isEmpty);
        return lanes;
    }

    /**
     * Runs each lane on a virtual thread of its own, {@code handler} once per event in lane order, and
     * returns when every lane has ended. Then throws the failure that came first, if a lane failed (the
     * others' are suppressed in it). An interruption of the caller or of a lane interrupts every lane.
     */
    static void run(List<List<LoggedEvent>> lanes, EventLog.GroupHandler handler) throws InterruptedException {
        Throwable failure = null;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<Void> ended = new ExecutorCompletionService<>(threads);
            for (List<LoggedEvent> lane : lanes) {
                ended.submit(() -> {
                    for (LoggedEvent logged : lane) {
                        handler.handle(logged);
                    }
                    return null;
                });
            }
            for (int i = 0; i < lanes.size(); i++) {
                try {
                    ended.take().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof InterruptedException) {
                        threads.shutdownNow();
                    }
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                } catch (InterruptedException e) {
                    threads.shutdownNow(); // the consumer is closing: stop every lane, then wait for them
                    throw e;
                }
            }
        }
        switch (failure) {
            case null -> { }
            case InterruptedException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        }
    }
}
