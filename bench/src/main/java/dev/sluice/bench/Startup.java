package dev.sluice.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 6, start-up: {@code java -jar sluice.jar} until the first 200 from /health, on the
 * standalone broker and with the embedded broker (a fresh data folder each time); then the same with
 * the JDK's AOT cache that scripts/run records (trained here by one run of its own). The baseline is
 * the plain Micronaut endpoint's start-up. Median of several starts.
 */
final class Startup {

    private Startup() {}

    static void run(Run run) throws Exception {
        int starts = run.pick(1, 3);
        run.kafka(); // the standalone broker is up before timing starts
        List<Double> plain = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            int port = Run.freePort();
            try (Proc p = Proc.java("plain-startup", run.logs, Map.of("MICRONAUT_SERVER_PORT", String.valueOf(port)),
                    List.of(), List.of("-cp", System.getProperty("java.class.path"), PlainServer.class.getName()))) {
                plain.add(seconds(p.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(60))));
            }
        }
        double base = median(plain);
        String note = "median of " + starts + " starts";
        Path aot = train(run);
        for (boolean cached : List.of(false, true)) {
            List<String> jvm = cached ? List.of("-XX:AOTCache=" + aot, "-Xlog:aot*=error,cds*=error") : List.of();
            String suffix = cached ? "-aot" : "";
            String how = cached ? "; with the AOT cache (scripts/run)" : "; plain java -jar, no cache";
            List<Double> external = new ArrayList<>();
            List<Double> embedded = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                try (Run.Sluice s = run.sluice("startup-kafka" + suffix, "", Map.of(), jvm)) {
                    external.add(seconds(s.startup));
                }
                try (Run.Sluice s = run.sluiceWith("startup-embedded" + suffix, "", Map.of(), jvm)) {
                    embedded.add(seconds(s.startup));
                }
            }
            double withoutEmbedded = median(external);
            run.results.add(new Figure("startup-standalone-kafka" + suffix, "s to healthy", withoutEmbedded,
                    "plain Micronaut 202 endpoint", base, "", null, note + how)
                    .withTarget("< 3 s", withoutEmbedded < 3));
            run.results.add(new Figure("startup-embedded-kafka" + suffix, "s to healthy", median(embedded),
                    "plain Micronaut 202 endpoint", base, "", null, note + how + "; fresh data folder, broker in the JVM"));
        }
    }

    /**
     * One training run, as the first scripts/run after a build: start, take one POST, stop; the JVM
     * writes the cache while it exits.
     */
    private static Path train(Run run) throws Exception {
        Path aot = run.work.resolve("sluice.aot");
        Run.Sluice s = run.sluiceWith("startup-aot-training", "", Map.of(),
                List.of("-XX:AOTCacheOutput=" + aot, "-Xlog:aot*=error,cds*=error"));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri("/api/master-data/items"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Items.item(1, "")))
                .build(), HttpResponse.BodyHandlers.discarding());
        s.proc.stop(Duration.ofMinutes(3));
        if (!Files.exists(aot) || Files.size(aot) == 0) {
            throw new IllegalStateException("no AOT cache was written; see " + s.proc.log);
        }
        return aot;
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
