package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 4: N SSE clients on one route, each receiving every event published at a fixed rate:
 * deliveries/s against the offered N × rate, p99 delivery latency against one client's, and Sluice's
 * live heap and RSS against the same Sluice idle. Sluice runs with -Xmx2g, the target's ceiling.
 */
final class FanOut {

    static final int RATE = 5;
    static final long TARGET_HEAP = 2L << 30;

    private FanOut() {}

    static void run(Run run) throws Exception {
        List<Integer> levels = new ArrayList<>(run.pick(List.of(1, 1000, 5000), List.of(1, 1000, 10_000, 50_000)));
        String asked = System.getenv("SLUICE_BENCH_CLIENTS"); // e.g. 1,10000: the client counts to run instead
        if (asked != null && !asked.isBlank()) {
            levels = new ArrayList<>(java.util.Arrays.stream(asked.split(",")).map(String::trim).map(Integer::valueOf).toList());
        }
        long limit = openFileLimit();
        int fits = (int) ((limit - 1000) / 1000 * 1000);
        String topic = run.topic("fanout");
        Duration measure = Duration.ofSeconds(run.pick(8, 30));
        try (Run.Sluice s = run.sluice("fanout", EndToEnd.sseRoute("bench-fanout", topic),
                Map.of("SLUICE_INGEST_TOPIC", topic), List.of("-Xmx2g"));
             Publisher publisher = new Publisher(s.uri("/api/master-data/items"))) {
            publisher.publish(RATE * 20, Duration.ofSeconds(2)); // warm the ingest path
            long idleHeap = s.proc.heapAfterGcBytes();
            long idleRss = s.proc.rssBytes();
            double oneClientP99 = Double.NaN;
            List<Integer> toRun = new ArrayList<>();
            for (int n : levels) {
                if (n + 200 > fits) {
                    run.results.add(Figure.skipped("sse-fanout-" + n, "clients", "needs " + (n + 1000)
                            + " open files per process, the limit here is " + limit
                            + " (ulimit -Hn; raising it needs CAP_SYS_RESOURCE)"));
                    if (!toRun.contains(fits - 1000)) {
                        toRun.add(fits - 1000);
                    }
                } else {
                    toRun.add(n);
                }
            }
            for (int n : toRun) {
                try (SseClients clients = new SseClients(s.uri("/bench-fanout/stream"), n, n == 1 ? 1 : 2)) {
                    Duration connectTimeout = Duration.ofSeconds(30 + n / 500);
                    long t0 = System.nanoTime();
                    if (!clients.awaitConnected(connectTimeout)) {
                        run.results.add(Figure.skipped("sse-fanout-" + n, "clients", "only " + clients.connected()
                                + " of " + n + " connected within " + connectTimeout.toSeconds() + " s"));
                        continue;
                    }
                    double connectSeconds = (System.nanoTime() - t0) / 1e9;
                    publisher.publish(RATE, Duration.ofSeconds(run.pick(1, 3))); // settle
                    clients.startInterval();
                    long cpu0 = s.proc.cpuNanos();
                    publisher.publish(RATE, measure);
                    Thread.sleep(2000);
                    SseClients.Interval r = clients.interval();
                    double cpuPerDelivery = (s.proc.cpuNanos() - cpu0) / 1e3 / Math.max(1, r.deliveries());
                    long heap = s.proc.heapAfterGcBytes();
                    long rss = s.proc.rssBytes();
                    double offered = (double) n * RATE;
                    double perSecond = r.deliveries() / (measure.toNanos() / 1e9);
                    double p99 = r.ms(99);
                    if (n == 1) {
                        oneClientP99 = p99;
                        continue; // the baseline for the latency of the others
                    }
                    String name = "sse-fanout-" + n;
                    String note = RATE + " ev/s for " + measure.toSeconds() + " s; connected in "
                            + String.format("%.1f", connectSeconds) + " s; closed by server " + clients.closedByServer();
                    run.results.add(new Figure(name, "deliveries/s", perSecond, "offered (clients × rate)", offered,
                            "", null, note));
                    Figure p99Figure = new Figure(name, "p99 ms", p99, "1 client, same rate", oneClientP99, "", null, "");
                    double p99Target = n <= 10_000 ? 100 : 250; // issue 18: 100 ms at 10 000 clients, 250 ms beyond
                    run.results.add(p99Figure.withTarget("<= " + (int) p99Target + " ms", p99 <= p99Target));
                    double perClientKiB = (heap - idleHeap) / 1024.0 / n;
                    Figure heapFigure = new Figure(name, "heap MiB", heap / 1048576.0, "Sluice idle", idleHeap / 1048576.0,
                            "", null, String.format("live heap after GC; %.1f KiB per client", perClientKiB))
                            .withTarget("<= 8 KiB per client", perClientKiB <= 8);
                    if (n >= 50_000) {
                        heapFigure = heapFigure.withTarget("< 2048 MiB", heap < TARGET_HEAP);
                    } else if (levels.contains(50_000)) {
                        double projected = (idleHeap + perClientKiB * 1024 * 50_000) / 1048576.0;
                        heapFigure = new Figure(name, "heap MiB", heap / 1048576.0, "Sluice idle", idleHeap / 1048576.0,
                                "", null, String.format("live heap after GC; %.1f KiB per client, 50 000 clients ≈ %.0f MiB",
                                perClientKiB, projected)).withTarget("<= 8 KiB per client", perClientKiB <= 8);
                    }
                    run.results.add(heapFigure);
                    run.results.add(new Figure(name, "RSS MiB", rss / 1048576.0, "Sluice idle", idleRss / 1048576.0,
                            "", null, ""));
                    // no baseline: at one client Sluice's background work (polls, views, heartbeats) outweighs the deliveries
                    run.results.add(new Figure(name, "CPU us/delivery", cpuPerDelivery, "", Double.NaN, "", null,
                            "Sluice's CPU time (all threads, its background work included) over the interval, per event delivered"));
                }
                Thread.sleep(run.pick(1000, 3000)); // let Sluice notice the closed connections
            }
        }
    }

    /** The soft limit on open files of this process, which the Sluice child inherits. */
    static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
            }
        }
        return 1024;
    }
}
