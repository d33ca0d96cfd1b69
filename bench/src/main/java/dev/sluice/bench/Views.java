package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Scenario S4's streaming views: the highest rate of the bookstore simulator that the demo views
 * (routes/s4-bookstore.yml, all in one Kafka Streams topology) keep up with, next to a pass-through
 * Kafka Streams topology over the same simulator's records, in the same run, on the same standalone
 * broker.
 *
 * <p>Both phases climb the same ladder of rates: the simulator of a Sluice on the standalone broker
 * runs at each rate for a fixed time (a new simulation per step, seed 42, its event time continuing
 * where the last step ended) while the harness samples, every 250 ms through Kafka's Admin client,
 * how many records the consumer group has not committed yet. The ladder stops at the first step that
 * is not kept up ({@link Step#judge}), or that the simulator could not offer; see {@link #climb}.
 * Phase one is Sluice with the bookstore views (their group is the application id); phase two is a
 * Sluice without views whose simulator feeds {@link PassThrough}, a topology that copies the same four
 * topics to a sink with the views' stream settings. The simulator, the broker and the consumer share
 * the machine's cores in both phases. Each step's samples go to {@code <logs>/<phase>-<rate>.csv}.
 */
final class Views {

    /** The simulator's event topics, which the views (and the pass-through) read. */
    static final List<String> SOURCES = List.of("interaction", "purchase", "payment", "shipping");
    static final long SEED = 42;
    static final Instant START_TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    /** A kept-up step never has more than this many seconds of its input waiting, over its last half. */
    static final double MAX_LAG_SECONDS = 1.0;
    /** A kept-up step's lag grows by less than this (seconds of lag per second) from its second to last quarter. */
    static final double MAX_GROWTH = 0.05;
    /** Below this share of the asked rate, the simulator did not offer the step's load. */
    static final double PRODUCER_SHORTFALL = 0.9;
    /** How long the harness waits for a group to commit everything after a step. */
    static final Duration DRAIN = Duration.ofSeconds(20);

    private static final List<Integer> SHORT_RATES = List.of(1000, 2000, 4000, 8000, 16000, 32000);
    private static final List<Integer> FULL_RATES = List.of(500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12000,
            16000, 24000, 32000, 48000, 64000);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {}

    static void run(Run run) throws Exception {
        List<Integer> rates = run.pick(SHORT_RATES, FULL_RATES);
        Duration step = Duration.ofSeconds(run.pick(10, 20));
        String tag = ProcessHandle.current().pid() + "-" + System.currentTimeMillis() % 100_000;

        Ladder views;
        String viewsGroup = "bench-views-" + tag;
        String viewsPrefix = "views-" + tag + ".";
        String config = """
                sluice:
                  bookstore:
                    topic-prefix: "%s"
                  analytics:
                    application-id: %s
                """.formatted(viewsPrefix, viewsGroup);
        try (Run.Sluice sluice = run.sluice("views", config, Map.of("MICRONAUT_ENVIRONMENTS", "bench,s4"), List.of())) {
            awaitViewsRunning(sluice, Duration.ofSeconds(60));
            try (Lag lag = new Lag(run.kafka(), viewsGroup, prefixed(viewsPrefix), repartitionTopics(run.kafka(), viewsGroup))) {
                views = climb(run, "views", new Simulator(sluice), lag, rates, step);
            }
        }

        Ladder passThrough;
        String ptGroup = "bench-pass-through-" + tag;
        String ptPrefix = "pass-through-" + tag + ".";
        String sink = ptPrefix + "sink";
        for (String topic : prefixed(ptPrefix)) {
            Ingest.createTopic(run.kafka(), topic);
        }
        Ingest.createTopic(run.kafka(), sink);
        String simulatorOnly = """
                sluice:
                  bookstore:
                    enabled: true
                    topic-prefix: "%s"
                """.formatted(ptPrefix);
        try (Run.Sluice sluice = run.sluice("views-simulator", simulatorOnly, Map.of(), List.of());
             Proc pt = passThrough(run, ptGroup, sink, prefixed(ptPrefix));
             Lag lag = new Lag(run.kafka(), ptGroup, prefixed(ptPrefix), List.of())) {
            passThrough = climb(run, "pass-through", new Simulator(sluice), lag, rates, step);
        }
        report(run, views, passThrough, step, rates);
    }

    private static List<String> prefixed(String prefix) {
        return SOURCES.stream().map(t -> prefix + t).toList();
    }

    /**
     * The steps one phase ran and why it stopped where it did.
     *
     * @param limit e.g. "fell behind at 8000/s", for the figure's note
     */
    record Ladder(List<Step> steps, String limit) {

        /** The highest rate kept up with, 0 when none was. */
        double highest() {
            return steps.stream().filter(Step::keptUp).mapToDouble(Step::offered).max().orElse(0);
        }

        Step at(int rate) {
            return steps.stream().filter(s -> s.rate() == rate).findFirst().orElse(null);
        }
    }

    /**
     * Warms up at the lowest rate for the run's warm-up time, then climbs the ladder until a step is not
     * kept up, waiting between steps until the group has caught up, so each step starts without backlog.
     * After a step that fell behind, one more step halfway between it and the last kept rate narrows the
     * figure down. A step the simulator could not offer ends the ladder: the figure is then what the
     * simulator did offer, a lower bound when the group kept up with it. When the whole ladder is kept
     * up, a last step runs the simulator as fast as it can (rate 0), for the same reason.
     */
    static Ladder climb(Run run, String label, Simulator simulator, Lag lag, List<Integer> rates, Duration length)
            throws Exception {
        simulator.start(rates.getFirst());
        Thread.sleep(run.warmup().toMillis());
        simulator.stop();
        double warm = lag.drain(DRAIN);
        lag.requireAllRead();
        System.out.printf("  %s: warmed up at %d events/s for %d s (caught up in %s s); lag over %s%n", label,
                rates.getFirst(), run.warmup().toSeconds(), Figure.num(warm), lag);
        List<Step> steps = new ArrayList<>();
        Step kept = null;
        for (int rate : rates) {
            Step s = step(run, label, simulator, lag, rate, length);
            steps.add(s);
            if (s.keptUp() && Double.isNaN(s.drainSeconds())) {
                return new Ladder(steps, "kept up with " + rate + "/s but had not caught up " + DRAIN.toSeconds()
                        + " s after it, so the ladder stopped there");
            }
            if (s.producerBound()) {
                return new Ladder(steps, "at " + rate + "/s the simulator offered only " + Figure.num(s.achieved())
                        + "/s, and the group " + (s.keptUp() ? "kept up with that: the producer was the limit, the "
                        + "figure is a lower bound" : "fell behind even so"));
            }
            if (!s.keptUp()) {
                String limit = "fell behind at " + rate + "/s";
                int between = kept == null ? 0 : (kept.rate() + rate) / 2 / 100 * 100;
                if (kept != null && between > kept.rate() && !Double.isNaN(lag.drain(DRAIN))) {
                    Step b = step(run, label, simulator, lag, between, length);
                    steps.add(b);
                    limit += (b.keptUp() ? ", kept up with " : ", fell behind at ") + between + "/s"
                            + (b.producerBound() ? " (producer-bound)" : "");
                }
                return new Ladder(steps, limit);
            }
            kept = s;
        }
        Step max = step(run, label, simulator, lag, 0, length);
        steps.add(max);
        return new Ladder(steps, max.keptUp()
                ? "kept up with the whole ladder and with the simulator as fast as it goes (" + Figure.num(max.achieved())
                        + "/s): the producer was the limit, the figure is a lower bound"
                : "kept up with the whole ladder, fell behind with the simulator as fast as it goes ("
                        + Figure.num(max.achieved()) + "/s)");
    }

    /** One step: the simulator at {@code rate} (0: as fast as it can) for {@code length}, sampled and judged. */
    private static Step step(Run run, String label, Simulator simulator, Lag lag, int rate, Duration length)
            throws Exception {
        simulator.start(rate);
        List<Sample> samples = new ArrayList<>();
        long end = System.nanoTime() + length.toNanos();
        for (long next = System.nanoTime(); next <= end; next += SAMPLE_EVERY.toNanos()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            samples.add(lag.sample());
        }
        simulator.stop();
        writeSamples(run.logs.resolve(label + "-" + (rate == 0 ? "max" : rate) + ".csv"), samples);
        Step s = Step.judge(rate, samples, lag.internalPartitions());
        if (s.keptUp()) {
            s = s.withDrain(lag.drain(DRAIN));
        }
        System.out.println("  " + label + " " + s.line());
        return s;
    }

    /** Every sample of a step, for a reader who wants to see the lag over time. */
    private static void writeSamples(Path file, List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("seconds,source_end,source_lag,internal_end,internal_lag\n");
        long start = samples.getFirst().nanos();
        for (Sample s : samples) {
            csv.append(String.format("%.3f,%d,%d,%d,%d%n", (s.nanos() - start) / 1e9, s.sourceEnd(), s.sourceLag(),
                    s.internalEnd(), s.internalLag()));
        }
        Files.writeString(file, csv);
    }

    private static void report(Run run, Ladder views, Ladder passThrough, Duration length, List<Integer> rates) {
        String rule = "kept up = the slower stage's lag < " + Figure.num(MAX_LAG_SECONDS)
                + " s of its input over the step's last half and growing < " + MAX_GROWTH
                + " s/s; a step the simulator offers < " + Math.round(PRODUCER_SHORTFALL * 100)
                + "% of is producer-bound and ends the ladder";
        String note = length.toSeconds() + " s per step, rates " + rates.getFirst() + "…" + rates.getLast() + "; " + rule
                + "; views " + views.limit() + "; pass-through " + passThrough.limit();
        run.results.add(new Figure("views-s4", "events/s kept", views.highest(), "pass-through Kafka Streams (EOS)",
                passThrough.highest(), "", null, note));
        TreeSet<Integer> ran = new TreeSet<>();
        views.steps().forEach(s -> ran.add(s.rate()));
        passThrough.steps().forEach(s -> ran.add(s.rate()));
        List<Integer> order = new ArrayList<>(ran.tailSet(1));
        if (ran.contains(0)) {
            order.add(0);
        }
        for (int rate : order) {
            Step v = views.at(rate);
            Step p = passThrough.at(rate);
            run.results.add(new Figure("views-s4-" + (rate == 0 ? "max" : rate), "max lag s",
                    v == null ? Double.NaN : v.maxLagSeconds(), "pass-through, same rate",
                    p == null ? Double.NaN : p.maxLagSeconds(), "", null,
                    "views " + (v == null ? "not run" : v.summary()) + "; pass-through "
                            + (p == null ? "not run" : p.summary())));
        }
    }

    /** The internal topics the views' group reads besides the sources: Kafka Streams' repartition topics. */
    private static List<String> repartitionTopics(String bootstrap, String group) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition")).sorted().toList();
        }
    }

    private static void awaitViewsRunning(Run.Sluice sluice, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String states = "";
        while (System.nanoTime() < deadline) {
            JsonNode views = JSON.readTree(get(sluice.uri("/api/views")));
            List<String> seen = new ArrayList<>();
            views.forEach(v -> seen.add(v.path("state").asText()));
            states = String.join(",", seen);
            if (!seen.isEmpty() && seen.stream().allMatch("RUNNING"::equals)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the views are not RUNNING after " + timeout + " (" + states + "); see "
                + sluice.proc.log);
    }

    private static Proc passThrough(Run run, String group, String sink, List<String> sources) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"),
                PassThrough.class.getName(), run.kafka(), group, run.work.resolve("state-" + group).toString(), sink));
        args.addAll(sources);
        Proc p = Proc.java("pass-through", run.logs, Map.of(), List.of(), args);
        try {
            p.awaitLog("pass-through running", Duration.ofSeconds(60));
        } catch (RuntimeException | IOException | InterruptedException e) {
            p.close();
            throw e;
        }
        return p;
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return Admin.create(p);
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static JsonNode post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * The bookstore simulator of one Sluice, through /api/simulator. Each start is a new simulation with
     * seed 42 whose event time begins a second after the last one's ended, so no event is late.
     */
    static final class Simulator {
        private final Run.Sluice sluice;
        private Instant next = START_TIME;

        Simulator(Run.Sluice sluice) {
            this.sluice = sluice;
        }

        void start(double rate) throws IOException, InterruptedException {
            post(sluice.uri("/api/simulator/start"), JSON.writeValueAsString(Map.of("seed", SEED, "rate", rate,
                    "startTime", next.toString())));
        }

        void stop() throws IOException, InterruptedException {
            JsonNode status = post(sluice.uri("/api/simulator/stop"), "");
            if (!status.path("error").isNull() && !status.path("error").isMissingNode()) {
                throw new IllegalStateException("the simulator stopped by itself: " + status.path("error").asText());
            }
            if (status.hasNonNull("simulatedTime")) {
                next = Instant.parse(status.get("simulatedTime").asText()).plusSeconds(1);
            }
        }
    }

    /**
     * One reading of a consumer group against the log: the end offsets of its source and internal
     * topics, and how many records of each it has not committed.
     */
    record Sample(long nanos, long sourceEnd, long sourceLag, long internalEnd, long internalLag) {}

    /** Reads a group's committed offsets and its topics' end offsets through Kafka's Admin client. */
    static final class Lag implements AutoCloseable {
        private final Admin admin;
        private final String group;
        private final List<TopicPartition> sources = new ArrayList<>();
        private final List<TopicPartition> internal = new ArrayList<>();

        Lag(String bootstrap, String group, Collection<String> sourceTopics, Collection<String> internalTopics)
                throws Exception {
            this.admin = admin(bootstrap);
            this.group = group;
            try {
                sources.addAll(partitions(sourceTopics));
                internal.addAll(partitions(internalTopics));
            } catch (Exception e) {
                admin.close();
                throw e;
            }
        }

        private List<TopicPartition> partitions(Collection<String> topics) throws Exception {
            List<TopicPartition> out = new ArrayList<>();
            if (!topics.isEmpty()) {
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, d) ->
                        d.partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition()))));
            }
            return out;
        }

        /**
         * Fails when the group has committed offsets on a topic this probe does not read, as its lag would
         * then be missing from the samples.
         */
        void requireAllRead() throws Exception {
            Set<TopicPartition> read = new HashSet<>(sources);
            read.addAll(internal);
            Set<TopicPartition> committed = new HashSet<>(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).keySet());
            committed.removeAll(read);
            if (!committed.isEmpty()) {
                throw new IllegalStateException("group " + group + " also reads " + committed);
            }
        }

        @Override
        public String toString() {
            return sources.size() + " source and " + internal.size() + " repartition partitions";
        }

        int internalPartitions() {
            return internal.size();
        }

        Sample sample() throws Exception {
            long nanos = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            sources.forEach(tp -> ask.put(tp, OffsetSpec.latest()));
            internal.forEach(tp -> ask.put(tp, OffsetSpec.latest()));
            // read_committed: the end a consumer of the group can reach, without open transactions
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(ask,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
            long[] source = sum(sources, ends, committed);
            long[] inside = sum(internal, ends, committed);
            return new Sample(nanos, source[0], source[1], inside[0], inside[1]);
        }

        /** {end offsets, records not committed} over {@code partitions}. */
        private static long[] sum(List<TopicPartition> partitions,
                                  Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
                                  Map<TopicPartition, OffsetAndMetadata> committed) {
            long end = 0;
            long lag = 0;
            for (TopicPartition tp : partitions) {
                long e = ends.get(tp).offset();
                OffsetAndMetadata done = committed.get(tp);
                end += e;
                lag += Math.max(0, e - (done == null ? 0 : done.offset()));
            }
            return new long[] {end, lag};
        }

        /**
         * Waits until the group has committed everything (on internal topics, all but one transaction
         * marker per partition); the seconds that took, or NaN after {@code timeout}.
         */
        double drain(Duration timeout) throws Exception {
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Sample s = sample();
                if (s.sourceLag() == 0 && s.internalLag() <= internal.size()) {
                    return (System.nanoTime() - started) / 1e9;
                }
                Thread.sleep(100);
            }
            return Double.NaN;
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /**
     * One step of the ladder and its verdict.
     *
     * @param rate          the asked events/s; 0 runs the simulator as fast as it can
     * @param achieved      the events/s the source topics took over the step
     * @param maxLagSeconds the largest lag over the step's last half, in seconds of the slower stage's input
     * @param growth        how fast the lag grew from the step's second quarter to its last, in s/s
     * @param maxSourceLag  the most source records not yet committed at any sample of the step
     * @param producerBound the simulator offered less than {@value Views#PRODUCER_SHORTFALL} of the rate
     * @param keptUp        the group kept up with what was offered ({@link #judge})
     * @param drainSeconds  how long the group took to commit everything after the step (NaN: not waited for)
     */
    record Step(int rate, double achieved, double maxLagSeconds, double growth, long maxSourceLag,
                boolean producerBound, boolean keptUp, double drainSeconds) {

        /**
         * The rule: the group's backlog stays bounded. A sample's lag, in seconds, is that of its slower
         * stage: the source records not yet committed divided by the rate the source topics grew at over
         * the step, or the same for the internal (repartition) topics and the rate they grew at. The group
         * kept up when the lag stayed under {@value Views#MAX_LAG_SECONDS} s at every sample of the step's
         * last half (the first half lets it settle after the rate changed), and did not grow: the line
         * through the mean lag of the second quarter and that of the last rises by less than
         * {@value Views#MAX_GROWTH} s per second (a group that commits 5 % less than arrives fails this).
         * Separately, the step is producer-bound when the source topics grew by less than
         * {@value Views#PRODUCER_SHORTFALL} of the asked rate.
         *
         * @param internalSlack records of internal lag that are only transaction markers (one per partition)
         */
        static Step judge(int rate, List<Sample> samples, int internalSlack) {
            Sample first = samples.getFirst();
            Sample last = samples.getLast();
            double seconds = (last.nanos() - first.nanos()) / 1e9;
            double sourceRate = (last.sourceEnd() - first.sourceEnd()) / seconds;
            double internalRate = (last.internalEnd() - first.internalEnd()) / seconds;
            double[] lag = new double[samples.size()];
            long maxSourceLag = 0;
            for (int i = 0; i < lag.length; i++) {
                Sample s = samples.get(i);
                long internalLag = Math.max(0, s.internalLag() - internalSlack);
                lag[i] = Math.max(seconds(s.sourceLag(), sourceRate), seconds(internalLag, internalRate));
                maxSourceLag = Math.max(maxSourceLag, s.sourceLag());
            }
            double maxLag = 0;
            double[] second = new double[3]; // samples, sum of lags, sum of times
            double[] fourth = new double[3];
            for (int i = 0; i < lag.length; i++) {
                double at = (samples.get(i).nanos() - first.nanos()) / 1e9;
                if (at >= seconds / 2) {
                    maxLag = Math.max(maxLag, lag[i]);
                }
                double[] quarter = at >= seconds * 3 / 4 ? fourth : at >= seconds / 4 && at < seconds / 2 ? second : null;
                if (quarter != null) {
                    quarter[0]++;
                    quarter[1] += lag[i];
                    quarter[2] += at;
                }
            }
            // the slope between the two quarters' mean points
            double growth = second[0] == 0 || fourth[0] == 0 ? Double.NaN
                    : (fourth[1] / fourth[0] - second[1] / second[0]) / (fourth[2] / fourth[0] - second[2] / second[0]);
            boolean producerBound = rate > 0 && sourceRate < PRODUCER_SHORTFALL * rate;
            boolean keptUp = maxLag < MAX_LAG_SECONDS && growth < MAX_GROWTH;
            return new Step(rate, sourceRate, maxLag, growth, maxSourceLag, producerBound, keptUp, Double.NaN);
        }

        private static double seconds(long records, double perSecond) {
            if (records == 0) {
                return 0;
            }
            return perSecond > 0 ? records / perSecond : Double.POSITIVE_INFINITY;
        }

        /**
         * The rate the step stands for: the asked one, or what the simulator managed when it was asked
         * for its fastest or could not offer the asked rate.
         */
        double offered() {
            return rate > 0 && !producerBound ? rate : achieved;
        }

        Step withDrain(double seconds) {
            return new Step(rate, achieved, maxLagSeconds, growth, maxSourceLag, producerBound, keptUp, seconds);
        }

        String summary() {
            return String.format("%s: offered %s/s, lag max %s s (%,d events), growth %+.3f s/s%s",
                    (keptUp ? "kept up" : "fell behind") + (producerBound ? " (producer-bound)" : ""), Figure.num(achieved),
                    Figure.num(maxLagSeconds), maxSourceLag, growth,
                    Double.isNaN(drainSeconds) ? "" : ", caught up " + Figure.num(drainSeconds) + " s after");
        }

        String line() {
            return (rate > 0 ? String.format("%,6d/s", rate) : "   max  ") + "  " + summary();
        }
    }
}
