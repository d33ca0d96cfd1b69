package dev.sluice.engine.route;

import dev.sluice.domain.route.Route;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.SubscribeToChannel.ChannelEvent;
import dev.sluice.ports.in.SubscribeToChannel.Listener;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import dev.sluice.ports.spi.Processor;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds the subscribers of one pull route. Those that start at "latest" share one reader of the log:
 * opened when the first of them arrives (before {@link #subscribe} returns, so "latest" is the moment
 * of that request) and closed when the last one leaves; the pipeline runs once per event and the
 * result goes to every current subscriber. A subscriber joining a running reader gets what it reads
 * from then on. A replay or a resume (from the earliest record or after a cursor) gets a reader of its
 * own. Listeners are called on the reader's thread: those of the shared reader must not block (each
 * would hold up all the others); that of an own reader may, to read the log at its client's pace
 * ({@link Listener}). Thread-safe.
 */
final class ChannelFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChannelFeed.class.getName());

    private final Route route;
    private final EventLog log;
    private final RouteStats.Counters counters;
    private Shared shared; // guarded by this
    private boolean ended; // guarded by this
    /** The replays' and resumes' own readers, to end them with the channel. */
    private final Set<Own> owns = ConcurrentHashMap.newKeySet();

    ChannelFeed(Route route, EventLog log, RouteStats.Counters counters) {
        this.route = route;
        this.log = log;
        this.counters = counters;
    }

    Subscription subscribe(StartAt start, Listener listener) {
        synchronized (this) {
            if (ended) {
                throw new NotFoundException("no SSE channel named '" + route.name() + "'");
            }
        }
        return start instanceof StartAt.Latest ? join(listener) : own(start, listener);
    }

    private Subscription join(Listener listener) {
        Member member = new Member(listener);
        Shared reader;
        synchronized (this) {
            reader = shared != null ? shared : new Shared();
            // a member before the reader starts, so that nothing it reads can pass the first subscriber by
            reader.members.add(member);
            if (reader != shared) {
                reader.tail = log.tail(route.topic(), StartAt.latest(), reader);
                shared = reader;
            }
            counters.subscribers.incrementAndGet();
        }
        Shared joined = reader;
        return () -> joined.leave(member);
    }

    private Subscription own(StartAt start, Listener listener) {
        Own own = new Own(listener);
        own.tail = log.tail(route.topic(), start, new EventLog.TailListener() {
            @Override
            public void onEvent(LoggedEvent logged) {
                ChannelEvent event = shape(logged);
                if (event != null) {
                    listener.onEvent(event);
                    counters.delivered.increment();
                }
            }

            @Override
            public void onError(Throwable error) {
                listener.onError(error);
            }
        });
        counters.subscribers.incrementAndGet();
        owns.add(own);
        return own::close;
    }

    /** A replay's or resume's own reader. */
    private final class Own {
        final Listener listener;
        final AtomicBoolean open = new AtomicBoolean(true);
        Subscription tail;

        Own(Listener listener) {
            this.listener = listener;
        }

        /** Stops the reader; false when it was stopped already. */
        boolean close() {
            if (!open.compareAndSet(true, false)) {
                return false;
            }
            owns.remove(this);
            counters.subscribers.decrementAndGet();
            tail.close();
            return true;
        }
    }

    /** The event as subscribers get it, or null when the pipeline dropped or could not read it. */
    private ChannelEvent shape(LoggedEvent logged) {
        counters.read.increment();
        if (logged.event().isTombstone()) {
            return null; // a key's end on a compacted topic: nothing for a subscriber to read
        }
        EventEnvelope shaped;
        try {
            shaped = route.pipeline().apply(logged.event());
        } catch (RuntimeException e) {
            // one unreadable record (or a processor's bug) must not end every subscriber's stream
            LOG.log(Level.WARNING, "channel {0}: skipped event {1}: {2}", route.name(), logged.event().id(),
                    e instanceof Processor.ProcessingException ? e.getMessage() : e.toString());
            return null;
        }
        if (shaped == null) {
            return null;
        }
        counters.passed.increment();
        return new ChannelEvent(logged.cursor(), shaped.type(), shaped.contentType(),
                new String(shaped.payload(), StandardCharsets.UTF_8), shaped.id());
    }

    /** Closes the shared reader, if one runs; its subscribers get nothing more. */
    @Override
    public void close() {
        Shared reader;
        synchronized (this) {
            reader = shared;
            shared = null;
        }
        if (reader != null) {
            reader.tail.close();
        }
    }

    /**
     * Ends the channel for good (its route was deleted or replaced): every reader stops and every
     * subscriber is told why, so that its connection ends and its client may reconnect to what replaced
     * it; a later {@link #subscribe} finds no such channel.
     */
    void end(String why) {
        Shared reader;
        synchronized (this) {
            ended = true;
            reader = shared;
            shared = null;
        }
        IllegalStateException ending = new IllegalStateException("channel '" + route.name() + "' " + why);
        if (reader != null) {
            reader.tail.close();
            for (Member member : reader.members) {
                if (reader.members.remove(member)) {
                    counters.subscribers.decrementAndGet();
                    reader.tell(member, ending);
                }
            }
        }
        for (Own own : owns) {
            if (own.close()) {
                try {
                    own.listener.onError(ending);
                } catch (RuntimeException ignored) {
                    // it is gone already
                }
            }
        }
    }

    /** One subscriber of the shared reader; equal only to itself, since a listener may subscribe twice. */
    private static final class Member {
        final Listener listener;

        Member(Listener listener) {
            this.listener = listener;
        }
    }

    /** The shared reader of the "latest" subscribers and who they are. */
    private final class Shared implements EventLog.TailListener {
        /** A concurrent set: joining and leaving cost the same with 50 000 members as with one. */
        final Set<Member> members = ConcurrentHashMap.newKeySet();
        Subscription tail; // set under ChannelFeed.this before anyone else can see this reader

        @Override
        public void onEvent(LoggedEvent logged) {
            ChannelEvent event = shape(logged);
            if (event == null) {
                return;
            }
            for (Member member : members) {
                try {
                    member.listener.onEvent(event);
                    counters.delivered.increment();
                } catch (RuntimeException e) {
                    if (leave(member)) {
                        LOG.log(Level.WARNING, "channel {0}: dropped a subscriber whose listener failed: {1}",
                                route.name(), e.toString());
                        tell(member, e);
                    }
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (ChannelFeed.this) {
                if (shared == this) {
                    shared = null; // the next subscriber opens a fresh reader
                }
            }
            if (tail != null) { // null only when log.tail threw after starting its reader
                tail.close();
            }
            for (Member member : members) {
                if (members.remove(member)) {
                    counters.subscribers.decrementAndGet();
                    tell(member, error);
                }
            }
        }

        /** Removes {@code member}, closing the reader when it was the last; false when it had left already. */
        boolean leave(Member member) {
            if (!members.remove(member)) {
                return false;
            }
            counters.subscribers.decrementAndGet();
            boolean last;
            synchronized (ChannelFeed.this) {
                // joins add under this lock, so an empty set here means nobody is about to use this reader
                last = shared == this && members.isEmpty();
                if (last) {
                    shared = null;
                }
            }
            if (last) {
                tail.close();
            }
            return true;
        }

        private void tell(Member member, Throwable error) {
            try {
                member.listener.onError(error);
            } catch (RuntimeException ignored) {
                // it is gone already
            }
        }
    }
}
