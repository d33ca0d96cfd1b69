package dev.sluice.engine.bookstore;

import dev.sluice.domain.bookstore.Catalogue;
import dev.sluice.domain.bookstore.Simulation;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.in.ConflictException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.RunSimulator;
import dev.sluice.ports.in.Violation;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the bookstore {@link Simulation} (scenario S4) on a thread of its own: first the catalogue to the
 * reference topics {@code book} and {@code customer} (keyed by id; unless they come from the shop's
 * database by change data capture, see {@link ReferenceTables}), then the shop's events in batches,
 * each batch acknowledged by the log before the next, paced to the asked rate by the wall clock. An
 * event's CloudEvents time is its simulated time. A log that does not acknowledge ends the run, with
 * the reason in its status.
 */
public final class BookstoreSimulator implements RunSimulator, AutoCloseable {

    public static final String BOOK = "book";
    public static final String CUSTOMER = "customer";
    public static final String SOURCE = "/sluice/simulator";
    static final long DEFAULT_SEED = 42;
    static final long MAX_EVENTS = 100_000_000L;
    static final double MAX_RATE = 100_000;
    private static final int MAX_BATCH = 500;
    private static final System.Logger LOG = System.getLogger(BookstoreSimulator.class.getName());

    private final EventLog log;
    private final JsonCodec json;
    private final Sleeper sleeper;
    private final Clock clock;
    private final String topicPrefix;
    private final Duration ackTimeout;
    private final boolean writesReference;
    private Run run;
    private Thread thread;

    /** One run's settings and progress; progress is written by the run's thread only. */
    private static final class Run {
        final long seed;
        final Instant startTime;
        final Long events;
        final double rate;
        final Map<String, Long> counts = new LinkedHashMap<>();
        volatile boolean stopping;
        volatile boolean running = true;
        volatile Instant simulatedTime;
        volatile String error;

        Run(long seed, Instant startTime, Long events, double rate) {
            this.seed = seed;
            this.startTime = startTime;
            this.events = events;
            this.rate = rate;
        }
    }

    public BookstoreSimulator(EventLog log, JsonCodec json, Sleeper sleeper, Clock clock, String topicPrefix,
                              Duration ackTimeout) {
        this(log, json, sleeper, clock, topicPrefix, ackTimeout, true);
    }

    /**
     * @param writesReference whether the simulator writes the catalogue to {@code book} and {@code customer};
     *                        false when they come from the shop's database by change data capture
     *                        ({@link ReferenceTables})
     */
    public BookstoreSimulator(EventLog log, JsonCodec json, Sleeper sleeper, Clock clock, String topicPrefix,
                              Duration ackTimeout, boolean writesReference) {
        this.writesReference = writesReference;
        this.log = log;
        this.json = json;
        this.sleeper = sleeper;
        this.clock = clock;
        this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
        this.ackTimeout = ackTimeout;
    }

    /** The topic a simulated topic name is written to. */
    public String topic(String name) {
        return topicPrefix + name;
    }

    @Override
    public synchronized Status start(Settings settings) {
        Settings s = settings == null ? new Settings(null, null, null, null) : settings;
        List<Violation> violations = new ArrayList<>();
        if (s.events() != null && (s.events() < 1 || s.events() > MAX_EVENTS)) {
            violations.add(new Violation("/events", "must be from 1 to " + MAX_EVENTS + ", or left out to run until stopped"));
        }
        if (s.rate() != null && !(s.rate() >= 0 && s.rate() <= MAX_RATE)) {
            violations.add(new Violation("/rate", "must be from 0 (as fast as possible) to " + (long) MAX_RATE
                    + " events per second"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("invalid simulator settings", violations);
        }
        if (run != null && run.running) {
            throw new ConflictException("the simulator is running (seed " + run.seed + "); stop it first");
        }
        Run next = new Run(s.seed() == null ? DEFAULT_SEED : s.seed(),
                s.startTime() == null ? clock.instant() : s.startTime(), s.events(), s.rate() == null ? 0 : s.rate());
        run = next;
        thread = Thread.ofVirtual().name("sluice-simulator").start(() -> simulate(next));
        return status(next);
    }

    @Override
    public Status stop() {
        Run current;
        Thread running;
        synchronized (this) {
            current = run;
            running = thread;
        }
        if (current == null) {
            return status();
        }
        current.stopping = true; // the batch being written is finished and counted first
        try {
            running.join(ackTimeout.plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return status(current);
    }

    @Override
    public synchronized Status status() {
        return run == null ? new Status(false, null, null, null, 0, Map.of(), null, null) : status(run);
    }

    private Status status(Run r) {
        Map<String, Long> counts;
        synchronized (r.counts) {
            counts = Map.copyOf(r.counts);
        }
        return new Status(r.running, r.seed, r.startTime, r.events, r.rate, counts, r.simulatedTime, r.error);
    }

    private void simulate(Run r) {
        try {
            publishCatalogue(r);
            Simulation simulation = new Simulation(r.seed, r.startTime);
            long written = 0;
            long began = clock.millis();
            while (!r.stopping && (r.events == null || written < r.events)) {
                int size = batchSize(r, written);
                Map<String, List<EventEnvelope>> byTopic = new LinkedHashMap<>();
                Instant last = null;
                for (int i = 0; i < size; i++) {
                    Simulation.Event e = simulation.next();
                    byTopic.computeIfAbsent(e.topic(), t -> new ArrayList<>()).add(envelope(e.topic(), e.key(), e.time(),
                            e.fields()));
                    last = e.time();
                }
                for (Map.Entry<String, List<EventEnvelope>> batch : byTopic.entrySet()) {
                    append(r, batch.getKey(), batch.getValue());
                }
                written += size;
                r.simulatedTime = last;
                if (r.rate > 0) {
                    long due = began + (long) (written * 1000 / r.rate);
                    for (long wait = due - clock.millis(); wait > 0 && !r.stopping; wait = due - clock.millis()) {
                        sleeper.sleep(Duration.ofMillis(Math.min(wait, 100))); // a stop is seen within 100 ms
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            r.error = e.getMessage();
            LOG.log(System.Logger.Level.WARNING, "simulator stopped: {0}", e.getMessage());
        } finally {
            r.running = false;
        }
    }

    /** Per batch, about a twentieth of a second's events at the asked rate, at most {@value #MAX_BATCH}. */
    private static int batchSize(Run r, long written) {
        long size = r.rate > 0 ? Math.max(1, Math.min(MAX_BATCH, (long) (r.rate / 20))) : MAX_BATCH;
        return (int) (r.events == null ? size : Math.min(size, r.events - written));
    }

    /**
     * Writes the catalogue (books and customers) to the reference topics now, outside any run: so that
     * views joining them see every book and customer from a run's first event on.
     *
     * @throws IllegalStateException when the log does not take them
     */
    public void publishReferenceData() {
        try {
            publishCatalogue(new Run(DEFAULT_SEED, clock.instant(), 0L, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the bookstore's reference data", e);
        }
    }

    private void publishCatalogue(Run r) throws InterruptedException {
        if (!writesReference) {
            return; // the reference topics come from the database (CDC)
        }
        Catalogue catalogue = Catalogue.get();
        List<EventEnvelope> books = new ArrayList<>();
        catalogue.books().forEach(b -> books.add(envelope(BOOK, b.bookId(), r.startTime, b.fields())));
        List<EventEnvelope> customers = new ArrayList<>();
        catalogue.customers().forEach(c -> customers.add(envelope(CUSTOMER, String.valueOf(c.customerId()), r.startTime,
                c.fields())));
        append(r, BOOK, books);
        append(r, CUSTOMER, customers);
    }

    private EventEnvelope envelope(String name, String key, Instant time, Map<String, Object> fields) {
        return new EventEnvelope(UUID.randomUUID().toString(), SOURCE, "bookstore." + name, key, time,
                "application/json", key, Map.of(), json.encode(fields));
    }

    private void append(Run r, String name, List<EventEnvelope> events) throws InterruptedException {
        try {
            log.append(topic(name), events).toCompletableFuture().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the log did not take the " + events.size() + " " + name + " events: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        synchronized (r.counts) {
            r.counts.merge(name, (long) events.size(), Long::sum);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
