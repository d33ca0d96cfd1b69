package dev.sluice.engine.route;

import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.out.EventLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Delivers events as they are handed over, by a fixed number of workers, one key's events in order: an
 * event whose key has one under way waits behind it, any other is taken by the next free worker. Unlike
 * {@link Lanes}, which delivers a poll's batch and returns when its slowest lane ends, nothing here waits
 * for a batch: a slow key holds back its own events and nothing else (the consumer keeps reading, up to
 * its window, and commits each partition up to its first unfinished record).
 *
 * <p>An event that fails stops its key here: the events waiting behind it, and those of its key handed
 * over after it, are reported as not handled until {@link #stop()} (the consumer waits for what is under
 * way, stops the window, goes back to the first record not handled and hands them over again, at least
 * once): a key's later event never reaches the receiver before an earlier one that failed.
 */
final class KeyedWindow {

    /** Told, for an event waiting behind one that failed, instead of delivering it. */
    static final class NotHandled extends RuntimeException {
        NotHandled(Throwable cause) {
            super("not handled: an earlier event of its key failed", cause, false, false);
        }
    }

    private record Task(LoggedEvent event, String lane, Consumer<Throwable> finished) {}

    private final int workers;
    private final EventLog.GroupHandler handler;
    /** The events of each key with one under way, waiting behind it in order; guarded by itself. */
    private final Map<String, ArrayDeque<Task>> waiting = new HashMap<>();
    /** Keys whose event failed since the last stop; guarded by {@link #waiting}. */
    private final Set<String> failed = new HashSet<>();
    private final LinkedBlockingQueue<Task> ready = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Moves on at each stop: a worker of an earlier one ends even if its delivery swallowed the interrupt. */
    private volatile int generation;

    KeyedWindow(int workers, EventLog.GroupHandler handler) {
        this.workers = workers;
        this.handler = handler;
    }

    /** Delivers {@code event} when its key's earlier events are done; {@code finished} is told how it went. */
    void start(LoggedEvent event, Consumer<Throwable> finished) {
        startWorkers();
        Task task = new Task(event, Lanes.laneOf(event), finished);
        boolean refused = false;
        boolean now = false;
        synchronized (waiting) {
            if (failed.contains(task.lane())) {
                refused = true;
            } else if (waiting.containsKey(task.lane())) {
                waiting.get(task.lane()).add(task);
            } else {
                waiting.put(task.lane(), new ArrayDeque<>());
                now = true;
            }
        }
        if (refused) {
            finished.accept(new NotHandled(null));
        } else if (now) {
            ready.add(task);
        }
    }

    /** Interrupts the deliveries under way, drops the rest and returns when no worker runs. */
    void stop() throws InterruptedException {
        List<Thread> running;
        synchronized (threads) {
            running = new ArrayList<>(threads);
            threads.clear();
            generation++;
        }
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            t.join();
        }
        synchronized (waiting) {
            waiting.clear();
            failed.clear();
        }
        ready.clear();
    }

    private void startWorkers() {
        synchronized (threads) {
            while (threads.size() < workers) {
                int mine = generation;
                threads.add(Thread.ofVirtual().name("sluice-deliver-" + threads.size()).start(() -> work(mine)));
            }
        }
    }

    private void work(int mine) {
        while (mine == generation) {
            Task task;
            try {
                task = ready.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                continue;
            }
            Throwable failure = null;
            try {
                handler.handle(task.event());
            } catch (InterruptedException e) {
                return; // stopping: neither this event nor those behind it are finished
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            ArrayDeque<Task> dropped = null;
            Task next = null;
            synchronized (waiting) {
                ArrayDeque<Task> behind = waiting.get(task.lane());
                if (failure != null) {
                    dropped = waiting.remove(task.lane());
                    failed.add(task.lane());
                } else if (behind != null) {
                    next = behind.poll();
                    if (next == null) {
                        waiting.remove(task.lane());
                    }
                }
            }
            task.finished().accept(failure);
            if (dropped != null) {
                for (Task t : dropped) {
                    t.finished().accept(new NotHandled(failure));
                }
            }
            if (next != null) {
                ready.add(next);
            }
        }
    }
}
