package dev.sluice.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Benchmark 3: POST → SSE receipt latency at 1 000 events/s, one SSE client, next to Kafka's own
 * EndToEndLatency tool (produce with acks=all, then consume) on the same broker.
 */
final class EndToEnd {

    static final int RATE = 1000;

    private EndToEnd() {}

    static void run(Run run) throws Exception {
        String topic = run.topic("e2e");
        Duration warmup = run.warmup();
        Duration measure = Duration.ofSeconds(run.pick(8, 60));
        SseClients.Interval result;
        long failed;
        long sent;
        String post;
        try (Run.Sluice s = run.sluice("e2e", sseRoute("bench-e2e", topic), Map.of("SLUICE_INGEST_TOPIC", topic),
                List.of());
             SseClients client = new SseClients(s.uri("/bench-e2e/stream"), 1, 1);
             Publisher publisher = new Publisher(s.uri("/api/master-data/items"))) {
            if (!client.awaitConnected(Duration.ofSeconds(10))) {
                throw new IllegalStateException("the SSE client did not connect");
            }
            publisher.publish(RATE, warmup);
            Thread.sleep(500);
            client.startInterval();
            publisher.answers();
            long sentBefore = publisher.sent();
            long failedBefore = publisher.failed();
            publisher.publish(RATE, measure);
            Thread.sleep(1000);
            result = client.interval();
            Histogram answers = publisher.answers();
            post = String.format("; the POSTs alone: p50 %.2f ms, p99 %.2f ms", answers.getValueAtPercentile(50) / 1000.0,
                    answers.getValueAtPercentile(99) / 1000.0);
            sent = publisher.sent() - sentBefore;
            failed = publisher.failed() - failedBefore;
        }
        double[] raw = kafkaEndToEnd(run, run.pick(5_000, 20_000));
        String note = RATE + " ev/s for " + measure.toSeconds() + " s; received " + result.deliveries()
                + " of " + RATE * measure.toSeconds() + ", failed POSTs " + failed + " of " + sent
                + "; baseline: kafka EndToEndLatency, one record at a time" + post;
        double p99 = result.ms(99);
        run.results.add(new Figure("e2e-latency", "p50 ms", result.ms(50), "raw produce→consume acks=all", raw[0], "", null, note));
        run.results.add(new Figure("e2e-latency", "p99 ms", p99, "raw produce→consume acks=all", raw[1], "", null, "")
                .withTarget("<= 1.5 x raw", p99 <= 1.5 * raw[1]));
        run.results.add(new Figure("e2e-latency", "p99.9 ms", result.ms(99.9), "raw produce→consume acks=all", raw[2], "", null, ""));
    }

    static String sseRoute(String name, String topic) {
        return """
                sluice:
                  routes:
                    %s:
                      from: %s
                      to: sse
                """.formatted(name, topic);
    }

    private static final Pattern PERCENTILES =
            Pattern.compile("50th = ([\\d.]+), 99th = ([\\d.]+), 99\\.9th = ([\\d.]+)");

    /** Kafka's EndToEndLatency tool on the standalone broker: p50, p99, p99.9 in ms. */
    static double[] kafkaEndToEnd(Run run, int records) throws Exception {
        String topic = run.topic("raw-e2e");
        Ingest.createTopic(run.kafka(), topic);
        try (Proc p = Proc.java("raw-e2e", run.logs, Map.of(), List.of(), List.of(
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.EndToEndLatency",
                run.kafka(), topic, String.valueOf(records), "all", String.valueOf(Items.RECORD_SIZE)))) {
            String out = p.awaitExit(Duration.ofMinutes(5));
            Matcher m = PERCENTILES.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("no percentiles in EndToEndLatency's output: " + Proc.tail(out));
            }
            return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3))};
        }
    }
}
