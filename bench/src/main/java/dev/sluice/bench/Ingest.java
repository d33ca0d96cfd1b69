package dev.sluice.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Ingest benchmarks 1 and 2. Batch: records/s of POSTed arrays of 100 and 1 000 items next to Kafka's
 * own ProducerPerformance (acks=all, same record size, same broker). Single: requests/s and latency of
 * one-item POSTs at 64 keep-alive connections next to a plain Micronaut endpoint answering 202.
 */
final class Ingest {

    /** ProducerPerformance's steady-state summary, printed after the whole run's when warm-up is on. */
    private static final Pattern RAW_RATE = Pattern.compile("steady state records sent, ([\\d.]+) records/sec");
    private static final String PATH = "/api/master-data/items";

    private Ingest() {}

    static void batch(Run run) throws Exception {
        Wrk.requireInstalled();
        String topic = run.topic("ingest");
        Duration measure = run.pick(Duration.ofSeconds(6), Duration.ofSeconds(30));
        try (Run.Sluice sluice = run.sluice("ingest", "", Map.of("SLUICE_INGEST_TOPIC", topic), List.of())) {
            // warms the JIT of Sluice and of the broker alike
            Wrk.post(run, "ingest-warmup", sluice.uri(PATH), Items.batch(100), 8, run.warmup());
            double raw = rawProducer(run, run.pick(500_000, 3_000_000));
            for (int size : List.of(100, 1000)) {
                Wrk.Report r = Wrk.post(run, "ingest-batch-" + size, sluice.uri(PATH), Items.batch(size), 8, measure);
                double records = r.requestsPerSecond() * size;
                double ratio = records / raw;
                run.results.add(new Figure("ingest-batch-" + size, "records/s", records,
                        "raw producer acks=all", raw, "", null,
                        "8 connections, " + Items.RECORD_SIZE + " B items, errors " + r.errors()
                                + ", p99 " + Figure.num(r.p99()) + " ms per request")
                        .withTarget("ratio >= 0.85", r.errors() == 0 && ratio >= 0.85));
            }
        }
    }

    static void single(Run run) throws Exception {
        Wrk.requireInstalled();
        Duration measure = run.pick(Duration.ofSeconds(8), Duration.ofSeconds(30));
        Duration warmup = run.warmup();
        String body = Items.item(1, "");
        Wrk.Report plain;
        double plainCpu;
        int port = Run.freePort();
        try (Proc p = Proc.java("plain", run.logs, Map.of("MICRONAUT_SERVER_PORT", String.valueOf(port)),
                List.of(), List.of("-cp", System.getProperty("java.class.path"), PlainServer.class.getName()))) {
            java.net.URI url = java.net.URI.create("http://127.0.0.1:" + port + "/plain");
            p.awaitHealthy(java.net.URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(60));
            Wrk.post(run, "plain-warmup", url, body, 64, warmup);
            long cpu0 = p.cpuNanos();
            plain = Wrk.post(run, "plain", url, body, 64, measure);
            plainCpu = perRequest(p.cpuNanos() - cpu0, plain);
        }
        Wrk.Report sluice;
        double sluiceCpu;
        double brokerCpu;
        Proc broker = run.kafkaProcess();
        try (Run.Sluice s = run.sluice("ingest-single", "", Map.of("SLUICE_INGEST_TOPIC", run.topic("single")), List.of())) {
            Wrk.post(run, "single-warmup", s.uri(PATH), body, 64, warmup);
            long cpu0 = s.proc.cpuNanos();
            long brokerCpu0 = broker.cpuNanos();
            sluice = Wrk.post(run, "single", s.uri(PATH), body, 64, measure);
            sluiceCpu = perRequest(s.proc.cpuNanos() - cpu0, sluice);
            brokerCpu = perRequest(broker.cpuNanos() - brokerCpu0, sluice);
        }
        String errors = "errors sluice " + sluice.errors() + ", plain " + plain.errors();
        double ratio = sluice.requestsPerSecond() / plain.requestsPerSecond();
        run.results.add(new Figure("ingest-single", "requests/s", sluice.requestsPerSecond(),
                "plain Micronaut 202 endpoint", plain.requestsPerSecond(), "", null, "64 connections; " + errors)
                .withTarget("ratio >= 0.6", sluice.errors() == 0 && ratio >= 0.6));
        run.results.add(new Figure("ingest-single", "p50 ms", sluice.p50(),
                "plain Micronaut 202 endpoint", plain.p50(), "", null, "64 connections"));
        run.results.add(new Figure("ingest-single", "p99 ms", sluice.p99(),
                "plain Micronaut 202 endpoint", plain.p99(), "", null, "64 connections"));
        // steadier than requests/s on cores that wrk and the broker share: what one request costs each process
        run.results.add(new Figure("ingest-single", "CPU us/request", sluiceCpu,
                "plain Micronaut 202 endpoint", plainCpu, "", null,
                "the server process's CPU time (all threads) over the measured interval per request; the broker's "
                        + Figure.num(brokerCpu) + " us/request more for Sluice's"));
    }

    /** CPU time per request of a wrk run, in microseconds. */
    private static double perRequest(long cpuNanos, Wrk.Report report) {
        return cpuNanos / 1e3 / Math.max(1, report.requests());
    }

    /** Kafka's ProducerPerformance in its own JVM: records/s for {@code records} records, acks=all. */
    static double rawProducer(Run run, int records) throws Exception {
        String topic = run.topic("raw");
        createTopic(run.kafka(), topic);
        try (Proc p = Proc.java("raw-producer", run.logs, Map.of(), List.of(), List.of(
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(records), "--warmup-records", String.valueOf(records / 5),
                "--record-size", String.valueOf(Items.RECORD_SIZE), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + run.kafka(), "acks=all"))) {
            String out = p.awaitExit(Duration.ofMinutes(5));
            Matcher m = RAW_RATE.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no steady-state rate in ProducerPerformance's output: " + Proc.tail(out));
            }
            return Double.parseDouble(m.group(1));
        }
    }

    /** One partition, as Sluice creates its topics by default. */
    static void createTopic(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }
}
