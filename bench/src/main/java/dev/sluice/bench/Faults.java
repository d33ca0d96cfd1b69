package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ledger checks by hand against the packaged jar: {@code Faults [--broker embedded,kafka,redis,rabbitmq]
 * [--only kill9,sigterm,broker-blip,receiver-hang] [--quick] [--jar app/target/sluice.jar]
 * [--out bench/results]}. Each check runs Sluice with one webhook route (a consumer group of its own) to
 * a receiver in this JVM, publishes items while a fault happens, waits until deliveries are quiet, and
 * prints what Sluice acknowledged, what the receiver got (distinct), what is missing (acknowledged, never
 * delivered) and what came more than once. The run fails when anything is missing. Run it through
 * {@code scripts/faults}.
 */
public final class Faults {

    /** The checks in the order they run; {@code --only} picks some. */
    static final List<String> CHECKS = List.of("kill9", "sigterm", "broker-blip", "receiver-hang");

    /** POSTs per second (a quarter of them batches of three items). */
    private static final int RATE = 40;
    /** How long the receiver takes per request in kill9, sigterm and broker-blip, so deliveries are in flight. */
    private static final int SLOW_RECEIVER_MILLIS = 20;
    private static final int ROUTE_CONCURRENCY = 4;
    private static final Duration QUIET = Duration.ofSeconds(2);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** How long each phase lasts: {@code --quick} shortens them. */
    record Plan(Duration before, Duration after, Duration hang, Duration outage, Duration drain) {
        static final Plan NORMAL = new Plan(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(90));
        static final Plan QUICK = new Plan(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(6),
                Duration.ofSeconds(3), Duration.ofSeconds(75));
    }

    /** One check on one broker: its figures, or why it was skipped or failed, and what was seen. */
    record Outcome(String check, String broker, Ledger.Figures figures, double seconds, String skipped,
                   String failed, List<String> notes) {
        boolean bad() {
            return failed != null || (figures != null && figures.missing() > 0);
        }
    }

    private final Run run;
    private final Plan plan;
    private final List<String> output = new ArrayList<>();

    private Faults(Run run, Plan plan) {
        this.run = run;
        this.plan = plan;
    }

    static String topic(String check) {
        return "faults-" + check;
    }

    static String group(String check) {
        return "faults-" + check + "-erp";
    }

    static String route(String check) {
        return "erp-" + check;
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        List<String> brokers = list(a, "--broker", FaultBroker.NAMES);
        List<String> checks = list(a, "--only", CHECKS);
        boolean explicitBrokers = value(a, "--broker") != null;
        Plan plan = a.contains("--quick") ? Plan.QUICK : Plan.NORMAL;
        Path jar = Path.of(value(a, "--jar") == null ? "app/target/sluice.jar" : value(a, "--jar")).toAbsolutePath();
        Path out = Path.of(value(a, "--out") == null ? "bench/results" : value(a, "--out"));
        Instant now = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "sluice-faults-" + stamp);
        Faults faults = new Faults(new Run(Run.Mode.SHORT, jar, work, false), plan);
        faults.say("Sluice fault checks " + DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + (plan == Plan.QUICK ? " (quick)" : "") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + System.getProperty("java.version") + ", jar " + jar);
        faults.say("logs in " + faults.run.logs);
        long started = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        for (String broker : brokers) {
            String why = FaultBroker.unavailable(broker);
            if (why != null) {
                faults.say("== " + broker + ": not available: " + why);
                for (String check : checks) {
                    outcomes.add(new Outcome(check, broker, null, 0, "broker not available: " + why, null, List.of()));
                }
                continue;
            }
            outcomes.addAll(faults.onBroker(broker, checks, "faults-" + stamp.replace("-", "")));
        }
        double minutes = Math.round(Duration.ofNanos(System.nanoTime() - started).toSeconds() / 6.0) / 10.0;
        faults.table(outcomes, minutes);
        faults.removeScratch();
        Files.createDirectories(out);
        Path file = out.resolve("faults-" + stamp + ".txt");
        Files.write(file, faults.output);
        System.out.println("results: " + file);
        List<String> bad = outcomes.stream().filter(Outcome::bad).map(o -> o.check() + " on " + o.broker()).toList();
        boolean missingBroker = explicitBrokers && outcomes.stream().anyMatch(o -> o.skipped() != null
                && o.skipped().startsWith("broker not available"));
        if (!bad.isEmpty() || missingBroker) {
            System.out.println("FAILED: " + (bad.isEmpty() ? "a broker asked for is not available" : bad));
            System.exit(1);
        }
    }

    /** All checks on one broker, which is started (if it is ours) once for them. */
    private List<Outcome> onBroker(String brokerName, List<String> checks, String runId) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        say("== " + brokerName);
        try (FaultBroker broker = FaultBroker.open(brokerName, run, runId)) {
            for (String check : checks) {
                if (check.equals("broker-blip") && broker.noBlip() != null) {
                    say(check + " on " + brokerName + ": skipped: " + broker.noBlip());
                    outcomes.add(new Outcome(check, brokerName, null, 0, broker.noBlip(), null, List.of()));
                    continue;
                }
                say("-- " + check + " on " + brokerName);
                Check c = new Check(check, broker);
                Outcome o;
                try {
                    o = c.run();
                } catch (Exception | AssertionError e) {
                    c.note("failed: " + e);
                    o = new Outcome(check, brokerName, null, c.seconds(), null, String.valueOf(e), c.notes);
                }
                outcomes.add(o);
                if (o.figures() != null) {
                    say(String.format("   %s on %s: acknowledged %d, delivered %d, missing %d, duplicated %d, 503s %d, "
                                    + "unanswered %d, not sent %d (%.0f s)", check, brokerName, o.figures().acknowledged(),
                            o.figures().delivered(), o.figures().missing(), o.figures().duplicated(),
                            o.figures().unavailable(), o.figures().unanswered(), o.figures().notSent(), o.seconds()));
                }
                if (o.bad()) {
                    say("   Sluice's warnings and errors in " + check + " on " + brokerName + ":");
                    c.logExcerpt().forEach(line -> say("     " + line));
                }
            }
        }
        return outcomes;
    }

    /** One check: a receiver, a ledger, Sluice started (and restarted) on the broker, one fault. */
    private final class Check {
        final String name;
        final FaultBroker broker;
        final String id;
        final Path dir;
        final List<String> notes = new ArrayList<>();
        final long started = System.nanoTime();
        final Map<String, String> env = new HashMap<>();
        final List<String> args = new ArrayList<>();
        final List<Proc> procs = new ArrayList<>();
        Run.Sluice sluice;
        int starts;

        Check(String name, FaultBroker broker) throws IOException {
            this.name = name;
            this.broker = broker;
            this.id = name + "-" + broker.name;
            this.dir = Files.createDirectories(run.work.resolve(id));
        }

        Outcome run() throws Exception {
            Ledger ledger = new Ledger(id);
            try (Webhooks.Receiver receiver = new Webhooks.Receiver()) {
                receiver.reset(name.equals("receiver-hang") ? 0 : SLOW_RECEIVER_MILLIS, Long.MAX_VALUE);
                receiver.onAnswered(ledger);
                configure(receiver.url());
                start();
                try (Publisher publisher = new Publisher(sluice.uri("/streams-master-data/producer"), ledger)) {
                    Thread publishing = Thread.ofPlatform().name("faults-publisher").start(() -> {
                        try {
                            publisher.publish(RATE, Duration.ofMinutes(10));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    try {
                        await("first deliveries", Duration.ofSeconds(60), () -> ledger.deliveredCount() >= 20);
                        Thread.sleep(plan.before().toMillis());
                        String inFlight = awaitInFlight(publisher, receiver);
                        switch (name) {
                            case "kill9" -> restart(true, inFlight);
                            case "sigterm" -> restart(false, inFlight);
                            case "broker-blip" -> blip(ledger, inFlight);
                            case "receiver-hang" -> hang(receiver);
                            default -> throw new IllegalArgumentException(name);
                        }
                        Thread.sleep(plan.after().toMillis());
                    } finally {
                        publisher.stop();
                        publishing.join(Duration.ofSeconds(60));
                    }
                    note("publisher stopped after " + ledger.acknowledgedCount() + " acknowledged items");
                    drain(ledger);
                } finally {
                    if (sluice != null) {
                        sluice.close();
                    }
                }
            }
            return new Outcome(name, broker.name, ledger.figures(), seconds(), null, null, notes);
        }

        /** Sluice's arguments and environment: the broker's, then one webhook route to the receiver. */
        void configure(URI receiver) {
            env.putAll(broker.env(name, dir));
            env.putIfAbsent("SLUICE_DATA_DIR", dir.resolve("sluice-data").toString());
            env.put("SLUICE_PORT", String.valueOf(Run.freePort()));
            env.put("MICRONAUT_ENVIRONMENTS", "faults"); // the demo routes stay off
            args.addAll(broker.args(name));
            String r = "--sluice.routes." + route(name);
            args.addAll(List.of("--sluice.ingest.topic=" + topic(name),
                    "--sluice.webhooks.allowed-networks=127.0.0.0/8", // the receiver runs on this machine
                    r + ".from=" + topic(name),
                    r + ".group=" + group(name), r + ".to=webhook", r + ".concurrency=" + ROUTE_CONCURRENCY,
                    r + ".options.url=" + receiver, r + ".options.timeout=2s", r + ".retry.base-delay=100ms",
                    r + ".retry.max-delay=1s", r + ".retry.max-attempts=1000"));
            if (name.equals("broker-blip")) {
                // ingest answers 503 after 2 s without the broker instead of waiting 10 s
                args.add("--sluice." + broker.settings() + ".ack-timeout=2s");
            }
        }

        void start() throws IOException, InterruptedException {
            sluice = run.sluiceWith(id + "-" + (++starts), "", env, List.of(), args);
            procs.add(sluice.proc);
            note(String.format("Sluice %s healthy %.1f s after its start", starts == 1 ? "started," : "restarted,",
                    sluice.startup.toMillis() / 1000.0));
        }

        /**
         * Waits (up to 3 s) for a moment when POSTs are in flight and, where the receiver is slow, deliveries
         * too, so that the fault strikes mid-ingest and mid-delivery; says what was in flight.
         */
        String awaitInFlight(Publisher publisher, Webhooks.Receiver receiver) {
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            boolean slow = !name.equals("receiver-hang");
            while (System.nanoTime() < deadline
                    && (publisher.inFlight() == 0 || (slow && receiver.answering() == 0))) {
                Thread.onSpinWait();
            }
            return "in flight: " + publisher.inFlight() + " POSTs, " + receiver.answering() + " deliveries";
        }

        /** SIGKILL or SIGTERM to Sluice mid-ingest and mid-delivery, then a start on the same data. */
        void restart(boolean kill, String inFlight) throws Exception {
            long t = System.nanoTime();
            if (kill) {
                sluice.proc.kill();
                note("SIGKILL to Sluice (" + inFlight + ")");
            } else {
                boolean byItself = sluice.proc.stop(Duration.ofSeconds(30));
                note(String.format("SIGTERM to Sluice (%s); %s after %.1f s", inFlight,
                        byItself ? "it ended by itself" : "it did not end and was killed", since(t)));
            }
            start();
        }

        /** The broker's process killed with SIGKILL while traffic goes on, then started again. */
        void blip(Ledger ledger, String inFlight) throws Exception {
            broker.kill();
            long down = System.nanoTime();
            note("SIGKILL to the " + broker.name + " broker (" + inFlight + ")");
            long back = down + plan.outage().toNanos();
            boolean waiting = false;
            int readiness = -1;
            while (System.nanoTime() < back) {
                waiting |= get("/api/routes").contains("\"waiting\"");
                int status = status("/health/readiness");
                readiness = status > 0 ? status : readiness;
                Thread.sleep(250);
            }
            note("while it was down: route " + (waiting ? "said it waits" : "never said it waits")
                    + ", /health/readiness answered " + readiness);
            long t = System.nanoTime();
            broker.startAgain();
            note(String.format("%s broker started again after %.1f s down, answering %.1f s after its start",
                    broker.name, since(down), since(t)));
            int before = ledger.acknowledgedCount();
            t = System.nanoTime();
            await("ingest acknowledged again", Duration.ofSeconds(90), () -> ledger.acknowledgedCount() > before);
            note(String.format("ingest acknowledged again %.1f s later", since(t)));
        }

        /** The receiver holds every request without an answer for a while, then answers again. */
        void hang(Webhooks.Receiver receiver) throws InterruptedException {
            receiver.hold(true);
            note("receiver hangs for " + plan.hang().toSeconds() + " s");
            Thread.sleep(plan.hang().toMillis());
            receiver.hold(false);
            note("receiver answers again; it held " + receiver.heldTotal() + " requests without an answer");
        }

        /** Waits until every acknowledged item arrived and deliveries are quiet, or the drain limit. */
        void drain(Ledger ledger) throws InterruptedException {
            long from = System.nanoTime();
            long deadline = from + plan.drain().toNanos();
            long complete = 0;
            while (System.nanoTime() < deadline) {
                if (ledger.missing().isEmpty()) {
                    complete = complete == 0 ? System.nanoTime() : complete;
                    if (ledger.nanosSinceLastDelivery() > QUIET.toNanos()) {
                        break;
                    }
                } else {
                    complete = 0;
                }
                Thread.sleep(100);
            }
            note(complete > 0
                    ? String.format("every acknowledged item delivered %.1f s after the last POST", (complete - from) / 1e9)
                    : String.format("%d acknowledged items still not delivered %.0f s after the last POST",
                    ledger.missing().size(), since(from)));
        }

        String get(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(sluice.uri(path)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        int status(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(sluice.uri(path)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        void note(String what) {
            String line = String.format("   +%5.1f s  %s", seconds(), what);
            notes.add(what);
            say(line);
        }

        double seconds() {
            return since(started);
        }

        /** WARN and ERROR lines (and exceptions) from the Sluice logs of this check, at most 40. */
        List<String> logExcerpt() {
            List<String> lines = new ArrayList<>();
            for (Proc p : procs) {
                lines.add("(" + p.log + ")");
                try (Stream<String> log = Files.lines(p.log)) {
                    log.filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception"))
                            .limit(40).forEach(lines::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    lines.add("cannot read: " + e);
                }
            }
            return lines;
        }
    }

    private void table(List<Outcome> outcomes, double minutes) {
        say("");
        say(String.format("%-14s %-9s %12s %10s %8s %11s %5s %11s %9s  %s", "check", "broker", "acknowledged",
                "delivered", "missing", "duplicated", "503s", "unanswered", "not-sent", "note"));
        for (Outcome o : outcomes) {
            Ledger.Figures f = o.figures();
            if (f == null) {
                say(String.format("%-14s %-9s %12s %10s %8s %11s %5s %11s %9s  %s", o.check(), o.broker(), "-", "-", "-",
                        "-", "-", "-", "-", o.failed() != null ? "FAILED: " + o.failed() : "skipped: " + o.skipped()));
                continue;
            }
            List<String> note = new ArrayList<>();
            if (f.missing() > 0) {
                note.add("MISSING, first: " + f.firstMissing());
            }
            if (f.extraCopies() > f.duplicated()) {
                note.add(f.extraCopies() + " extra copies");
            }
            if (f.unacknowledgedDelivered() > 0) {
                note.add(f.unacknowledgedDelivered() + " delivered without a 200");
            }
            if (!f.otherStatus().isEmpty()) {
                note.add("other answers " + f.otherStatus());
            }
            if (f.foreign() > 0) {
                note.add(f.foreign() + " foreign bodies");
            }
            note.add(String.format("%.0f s", o.seconds()));
            say(String.format("%-14s %-9s %12d %10d %8d %11d %5d %11d %9d  %s", o.check(), o.broker(), f.acknowledged(),
                    f.delivered(), f.missing(), f.duplicated(), f.unavailable(), f.unanswered(), f.notSent(),
                    String.join("; ", note)));
        }
        say("delivered: distinct items the receiver answered 200; missing: acknowledged (200) and never delivered;"
                + " duplicated: items delivered more than once; 503s, unanswered (connection closed without an answer)"
                + " and not-sent (no connection): POSTs. " + minutes + " minutes.");
    }

    /** Deletes the brokers' and Sluice's data of the run; the logs stay. */
    private void removeScratch() throws IOException {
        try (Stream<Path> top = Files.list(run.work)) {
            for (Path p : top.filter(p -> !p.equals(run.logs)).toList()) {
                try (Stream<Path> tree = Files.walk(p)) {
                    tree.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private void say(String line) {
        System.out.println(line);
        output.add(line);
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + timeout.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> list(List<String> args, String flag, List<String> known) {
        String v = value(args, flag);
        if (v == null) {
            return known;
        }
        List<String> picked = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String name : picked) {
            if (!known.contains(name)) {
                System.err.println("unknown " + flag.substring(2) + " '" + name + "'; known: " + String.join(", ", known));
                System.exit(2);
            }
        }
        return known.stream().filter(picked::contains).toList();
    }

    private static String value(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
