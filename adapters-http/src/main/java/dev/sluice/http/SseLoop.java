package dev.sluice.http;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE connections of one event loop. Readers mark a connection ready when they gave it something to
 * send; one task on the loop then writes every ready connection, each with all it has pending in one
 * write and one flush, however many events arrived in between. So an event reaches the thousands of
 * connections of a loop in one task, not one task per connection. The loop also sends the heartbeat
 * comment to its idle connections, all of them in one task.
 */
final class SseLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SseLoop.class);

    final EventExecutor executor;
    private final Duration heartbeat;
    private final ConcurrentLinkedQueue<SseConnection> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The connections whose responses are written on this loop; used on the loop only. */
    private final Set<SseConnection> attached = new HashSet<>();
    private ScheduledFuture<?> beating; // on the loop only

    SseLoop(EventExecutor executor, Duration heartbeat) {
        this.executor = executor;
        this.heartbeat = heartbeat;
    }

    /** From any thread: {@code connection} has something to send. */
    void ready(SseConnection connection) {
        ready.offer(connection);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            executor.execute(this);
        }
    }

    /** On the loop: writes every ready connection. */
    @Override
    public void run() {
        scheduled.set(false); // before polling: a connection offered from now on schedules another run
        for (SseConnection c = ready.poll(); c != null; c = ready.poll()) {
            try {
                c.drain();
            } catch (RuntimeException e) {
                LOG.warn("SSE connection of {} failed while writing, closing it", c.channel, e);
                c.fail(e);
            }
        }
    }

    /** On the loop: {@code connection}'s response is written here from now on. */
    void attach(SseConnection connection) {
        attached.add(connection);
        if (beating == null) {
            long every = heartbeat.toNanos();
            beating = executor.scheduleAtFixedRate(this::beat, every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** On the loop: {@code connection} is gone. */
    void detach(SseConnection connection) {
        attached.remove(connection);
        if (attached.isEmpty() && beating != null) {
            beating.cancel(false);
            beating = null;
        }
    }

    private void beat() {
        for (SseConnection c : new ArrayList<>(attached)) {
            try {
                c.heartbeat();
            } catch (RuntimeException e) {
                c.fail(e);
            }
        }
    }
}
