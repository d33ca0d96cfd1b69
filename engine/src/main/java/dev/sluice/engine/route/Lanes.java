package dev.sluice.engine.route;

import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.EventLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Handles a batch of events in parallel: the events of one key form a lane and keep their order in it,
 * so per-key order holds while different keys are delivered at the same time. An event without a key is
 * a lane of its own (by its id).
 *
 * <p>The lanes are not tied to workers: a fixed number of workers each take the next lane nobody has
 * taken, the longest first, deliver it to its end and take another. A batch therefore takes about as long
 * as its events divided by the workers (or its longest lane), not as long as the most loaded of a fixed
 * split by key hash: with 500 single-event keys over 64 workers, about 8 rounds instead of the 15 or so
 * that the fullest of 64 hash buckets held (the webhook benchmark's 50 ms receiver at concurrency 64).
 */
final class Lanes {

    private Lanes() {}

    /** The lane an event belongs to: its key's, or one of its own (by its id) when it has no key. */
    static String laneOf(LoggedEvent logged) {
        return logged.event().key() != null ? "k:" + logged.event().key() : "id:" + logged.event().id();
    }

    /** The lanes of {@code events}: one per key, each in batch order, longest first (ties in batch order). */
    static List<List<LoggedEvent>> byKey(List<LoggedEvent> events) {
        Map<String, List<LoggedEvent>> lanes = new LinkedHashMap<>();
        for (LoggedEvent logged : events) {
            lanes.computeIfAbsent(laneOf(logged), k -> new ArrayList<>()).add(logged);
        }
        List<List<LoggedEvent>> ordered = new ArrayList<>(lanes.values());
        ordered.sort(Comparator.comparingInt((List<LoggedEvent> lane) -> lane.size()).reversed()); // stable
        return ordered;
    }

    /**
     * Runs {@code lanes} on at most {@code workers} virtual threads, {@code handler} once per event in
     * lane order, and returns when every lane has ended. A lane whose event throws stops there; the lanes
     * under way still run to their end but no worker takes another (the batch will come again whole), then
     * the failure that came first is thrown (the others' are suppressed in it). An interruption of the
     * caller or of a lane interrupts every worker.
     */
    static void run(List<List<LoggedEvent>> lanes, int workers, EventLog.GroupHandler handler) throws InterruptedException {
        ConcurrentLinkedQueue<List<LoggedEvent>> untaken = new ConcurrentLinkedQueue<>(lanes);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int count = Math.max(1, Math.min(workers, lanes.size()));
        Throwable failure = null;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletionService<Void> ended = new ExecutorCompletionService<>(threads);
            for (int w = 0; w < count; w++) {
                ended.submit(() -> {
                    for (List<LoggedEvent> lane = untaken.poll(); lane != null && failures.isEmpty(); lane = untaken.poll()) {
                        try {
                            for (LoggedEvent logged : lane) {
                                handler.handle(logged);
                            }
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (RuntimeException | Error e) {
                            failures.add(e); // this lane stops; the worker goes on with the next
                        }
                    }
                    return null;
                });
            }
            for (int i = 0; i < count; i++) {
                try {
                    ended.take().get();
                } catch (ExecutionException e) {
                    // only an interruption ends a worker early: stop the others too
                    threads.shutdownNow();
                    failure = e.getCause();
                } catch (InterruptedException e) {
                    threads.shutdownNow(); // the consumer is closing: stop every worker, then wait for them
                    throw e;
                }
            }
        }
        for (Throwable f : failures) {
            if (failure == null) {
                failure = f;
            } else if (f != failure) {
                failure.addSuppressed(f);
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
