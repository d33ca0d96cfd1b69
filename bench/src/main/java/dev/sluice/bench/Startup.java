package dev.sluice.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Start-up: {@code java -jar sluice.jar} until the first 200 from /health, with the embedded broker
 * (the default, a fresh data folder each time) and on the standalone broker; the baseline is the plain
 * Micronaut endpoint's start-up. Median of several starts.
 */
final class Startup {

    private Startup() {}

    static void run(Run run) throws Exception {
        int starts = run.pick(2, 5);
        List<Double> plain = new ArrayList<>();
        List<Double> embedded = new ArrayList<>();
        List<Double> external = new ArrayList<>();
        run.kafka(); // the standalone broker is up before timing starts
        for (int i = 0; i < starts; i++) {
            int port = Run.freePort();
            try (Proc p = Proc.java("plain-startup", run.logs, Map.of("MICRONAUT_SERVER_PORT", String.valueOf(port)),
                    List.of(), List.of("-cp", System.getProperty("java.class.path"), PlainServer.class.getName()))) {
                plain.add(seconds(p.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(60))));
            }
            try (Run.Sluice s = run.sluiceWith("startup-embedded", "", Map.of(), List.of())) {
                embedded.add(seconds(s.startup));
            }
            try (Run.Sluice s = run.sluice("startup-kafka", "", Map.of(), List.of())) {
                external.add(seconds(s.startup));
            }
        }
        double base = median(plain);
        double withEmbedded = median(embedded);
        double withoutEmbedded = median(external);
        String note = "median of " + starts + " starts";
        run.results.add(new Figure("startup-standalone-kafka", "s to healthy", withoutEmbedded,
                "plain Micronaut 202 endpoint", base, "", null, note)
                .withTarget("< 3 s", withoutEmbedded < 3));
        run.results.add(new Figure("startup-embedded-kafka", "s to healthy", withEmbedded,
                "plain Micronaut 202 endpoint", base, "", null, note + "; fresh data folder, broker in the JVM"));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
