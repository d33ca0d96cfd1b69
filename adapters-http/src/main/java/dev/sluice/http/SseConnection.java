package dev.sluice.http;

import dev.sluice.ports.in.SubscribeToChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSE response: the listener of its subscription and the bounded buffer of events its connection has
 * not taken yet. A reader thread adds encoded events ({@link SseFrames}, shared by every connection);
 * the connection's event loop ({@link SseLoop}) hands all that is pending to the response in one write,
 * and the next only once the socket took the last (see {@link #consumed}). Idle, it holds no buffer.
 *
 * <p>Live ("latest"): the reader is the channel's shared one and must not wait, so a connection whose
 * buffer is full is cut off alone ("client too slow"). Paced (a replay or a resume, its reader its own):
 * each event first takes a place in the buffer and the reader waits while none is free, so the log is
 * read as fast as the client reads; a client that takes nothing for the stall timeout is cut off.
 */
final class SseConnection implements SubscribeToChannel.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SseConnection.class);
    private static final Executor CLOSING = Executors.newVirtualThreadPerTaskExecutor();

    final String channel;
    private final boolean paced;
    private final int buffer;
    private final Duration stallTimeout;
    /** Told once when this connection is over, whichever way. */
    private final Consumer<SseConnection> onClose;
    /** Paced only: free places in the buffer; an event takes one and gives it back when it is written. */
    private final Semaphore room;

    // guarded by this
    private SseWire wire; // set once, before started
    private boolean started;
    private ArrayDeque<byte[]> pending;
    private int events; // event frames in pending (comments do not count)
    private boolean queued; // in the loop's ready queue
    private SseLoop loop;
    private Throwable failure;
    private boolean ending;
    private boolean closed;
    private SubscribeToChannel.Subscription subscription;

    // on the loop only
    private long inFlight; // bytes handed to the wire and not yet consumed
    private boolean writing;
    private boolean done;

    SseConnection(String channel, boolean paced, SseSettings settings, byte[] first, Consumer<SseConnection> onClose) {
        this.channel = channel;
        this.paced = paced;
        this.buffer = settings.getBuffer();
        this.stallTimeout = settings.getStallTimeout();
        this.onClose = onClose;
        this.room = paced ? new Semaphore(buffer) : null;
        this.pending = new ArrayDeque<>(2);
        pending.add(first);
    }

    /** The subscription that feeds this connection; closed at once when the connection is over already. */
    void subscribed(SubscribeToChannel.Subscription subscription) {
        boolean over;
        synchronized (this) {
            over = closed;
            this.subscription = subscription;
        }
        if (over) {
            subscription.close();
        }
    }

    @Override
    public void onEvent(SubscribeToChannel.ChannelEvent event) {
        if (paced) {
            if (closed()) {
                return; // until the reader sees its subscription closed
            }
            try {
                if (!room.tryAcquire(stallTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    if (cutOff(new IllegalStateException("client stalled"))) {
                        LOG.info("channel {}: client took no event for {}, disconnecting it", channel, stallTimeout);
                    }
                    return;
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt(); // the reader is being stopped: let it see that
                return;
            }
        }
        byte[] frame = SseFrames.event(event);
        SseLoop ready;
        boolean tooSlow = false;
        synchronized (this) {
            if (closed || failure != null || ending) {
                return;
            }
            if (!paced && events >= buffer) {
                tooSlow = true;
                failure = new IllegalStateException("client too slow");
                pending = null;
                events = 0;
            } else {
                if (pending == null) {
                    pending = new ArrayDeque<>(4);
                }
                pending.add(frame);
                events++;
            }
            ready = schedule();
        }
        if (tooSlow) {
            LOG.info("channel {}: client too slow ({} events buffered), disconnecting it", channel, buffer);
        }
        if (ready != null) {
            ready.ready(this);
        }
    }

    @Override
    public void onError(Throwable error) {
        cutOff(error);
    }

    /** Ends the response cleanly (the server drains for a stop): what is pending is sent first. */
    void end() {
        SseLoop ready;
        synchronized (this) {
            if (closed || ending) {
                return;
            }
            ending = true;
            ready = schedule();
        }
        if (ready != null) {
            ready.ready(this);
        }
    }

    /** Breaks the response off with {@code error}; false when it was over or breaking off already. */
    boolean cutOff(Throwable error) {
        SseLoop ready;
        synchronized (this) {
            if (closed || failure != null) {
                return false;
            }
            failure = error;
            pending = null;
            events = 0;
            ready = schedule();
        }
        if (ready != null) {
            ready.ready(this);
        }
        return true;
    }

    /** The loop to mark this connection ready on, or null when it is queued already or not started yet. */
    private SseLoop schedule() {
        if (queued || !started) {
            return null;
        }
        queued = true;
        return loop;
    }

    private synchronized boolean closed() {
        return closed;
    }

    /**
     * From any thread: the response is written on {@code loop} through {@code wire}, once the wire is
     * ready to take data ({@link #start()}).
     */
    void attach(SseLoop loop, SseWire wire) {
        synchronized (this) {
            this.loop = loop;
            this.wire = wire;
        }
        loop.executor.execute(() -> loop.attach(this));
    }

    /** On the loop: the response's head is out and its body takes data from now on. */
    void start() {
        SseLoop ready;
        synchronized (this) {
            started = true;
            ready = schedule();
        }
        if (ready != null) {
            ready.ready(this); // in a task of its own, not inside the response handler's call
        }
    }

    /** On the loop: hands what is pending to the wire, unless the wire has not taken the last yet. */
    void drain() {
        if (done) {
            synchronized (this) {
                queued = false;
            }
            return;
        }
        byte[][] frames;
        int taken;
        Throwable failed;
        boolean end;
        synchronized (this) {
            queued = false;
            if (!started || closed) {
                return; // start() drains; a closed connection has nothing more to send
            }
            failed = failure;
            end = ending;
            if (failed == null && !end && inFlight > 0) {
                return; // consumed() drains once the wire took the last piece
            }
            frames = pending == null || pending.isEmpty() ? null : pending.toArray(new byte[0][]);
            taken = events;
            pending = null;
            events = 0;
        }
        if (taken > 0 && room != null) {
            room.release(taken); // these events left the buffer
        }
        if (failed != null) {
            done = true;
            wire.fail(failed);
            close();
            return;
        }
        if (frames != null) {
            write(frames);
        }
        if (end) {
            done = true;
            wire.complete();
            close();
        }
    }

    private void write(byte[][] frames) {
        long bytes = 0;
        for (byte[] f : frames) {
            bytes += f.length;
        }
        inFlight += bytes;
        writing = true;
        try {
            wire.write(frames, bytes);
        } finally {
            writing = false;
        }
    }

    /** On the loop: the wire took {@code bytes} more; once it took everything, what is pending follows. */
    void consumed(long bytes) {
        inFlight = Math.max(0, inFlight - bytes);
        if (inFlight == 0 && !writing && !done) {
            drain();
        }
    }

    /** On the loop: a heartbeat comment, only when nothing else is on its way. */
    void heartbeat() {
        if (done || inFlight > 0) {
            return;
        }
        synchronized (this) {
            if (!started || closed || failure != null || ending || pending != null && !pending.isEmpty()) {
                return;
            }
        }
        write(new byte[][] {SseFrames.HEARTBEAT});
    }

    /** On the loop: writing failed; the connection is broken off. */
    void fail(Throwable error) {
        if (!done) {
            done = true;
            SseWire w;
            synchronized (this) {
                w = wire;
            }
            if (w != null) {
                w.fail(error);
            }
        }
        close();
    }

    /**
     * The connection is over (from any thread, any number of times): its subscription is closed and a
     * reader that waits for room is woken, so that closing never waits for that reader.
     */
    void close() {
        SubscribeToChannel.Subscription s;
        SseLoop l;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending = null;
            events = 0;
            s = subscription;
            l = loop;
        }
        if (room != null) {
            room.release(buffer + 1);
        }
        if (l != null) {
            l.executor.execute(() -> {
                done = true;
                l.detach(this);
            });
        }
        onClose.accept(this);
        if (s != null) {
            // not on the event loop: closing a subscription may wait for its reader to stop
            CLOSING.execute(s::close);
        }
    }
}
