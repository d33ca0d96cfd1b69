package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness: {@code Bench [--full] [--only a,b] [--profile] [--jar app/target/sluice.jar]
 * [--out bench/results]}. Each benchmark starts what it measures, drives it from this process (or wrk),
 * and prints one line per figure with a baseline measured in the same run and the ratio. The figures
 * also go to {@code <out>/<mode>-<time>.json} and {@code .csv}. Run it through {@code scripts/bench}.
 */
public final class Bench {

    /** The benchmarks in the order they run; {@code --only} picks some by name. */
    private static final Map<String, Benchmark> ALL = new LinkedHashMap<>();

    static {
        ALL.put("startup", Startup::run);
        ALL.put("ingest-batch", Ingest::batch);
        ALL.put("ingest-single", Ingest::single);
        ALL.put("e2e-latency", EndToEnd::run);
        ALL.put("sse-fanout", FanOut::run);
        ALL.put("webhook", Webhooks::run);
        ALL.put("views", Views::run);
    }

    @FunctionalInterface
    interface Benchmark {
        void run(Run run) throws Exception;
    }

    private Bench() {}

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        if (value(a, "--plot") != null) { // the charts of a run already made, e.g. for the README
            Path json = Path.of(value(a, "--plot"));
            Path dir = Path.of(value(a, "--out") == null ? "docs/performance" : value(a, "--out"));
            Charts.write(Charts.read(json), dir, "").forEach(png -> System.out.println("wrote " + png));
            return;
        }
        Run.Mode mode = a.contains("--full") ? Run.Mode.FULL : Run.Mode.SHORT;
        List<String> only = value(a, "--only") == null ? List.copyOf(ALL.keySet())
                : Arrays.asList(value(a, "--only").split(","));
        for (String name : only) {
            if (!ALL.containsKey(name)) {
                System.err.println("unknown benchmark '" + name + "'; known: " + String.join(", ", ALL.keySet()));
                System.exit(2);
            }
        }
        Path jar = Path.of(value(a, "--jar") == null ? "app/target/sluice.jar" : value(a, "--jar"));
        Path out = Path.of(value(a, "--out") == null ? "bench/results" : value(a, "--out"));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "sluice-bench-" + stamp);
        Run run = new Run(mode, jar.toAbsolutePath(), work, a.contains("--profile"));
        System.out.printf("Sluice benchmarks, %s mode, %d cores, jar %s; logs in %s%n",
                mode.name().toLowerCase(), Runtime.getRuntime().availableProcessors(), jar, run.logs);
        long started = System.nanoTime();
        List<String> failed = new ArrayList<>();
        try {
            for (String name : only) {
                System.out.println("== " + name);
                try {
                    ALL.get(name).run(run);
                } catch (Exception | AssertionError e) {
                    // one benchmark failing must not hide the others' figures
                    failed.add(name);
                    run.results.add(Figure.skipped(name, "-", "failed: " + e));
                    e.printStackTrace(System.out);
                }
            }
        } finally {
            run.closeBrokers();
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("mode", mode.name().toLowerCase());
        settings.put("startedAt", stamp);
        settings.put("minutes", Math.round(Duration.ofNanos(System.nanoTime() - started).toSeconds() / 6.0) / 10.0);
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        settings.put("java", System.getProperty("java.version"));
        settings.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        settings.put("benchmarks", only);
        String stem = mode.name().toLowerCase() + "-" + stamp;
        run.results.write(out, stem, settings);
        System.out.println("results: " + out.resolve(stem + ".json") + " and .csv; minutes " + settings.get("minutes"));
        List<Path> charts = Charts.write(Charts.read(out.resolve(stem + ".json")), out, stem + "-");
        System.out.println("charts: " + charts.size() + " PNG files next to them (" + stem + "-*.png)");
        if (!failed.isEmpty()) {
            System.out.println("FAILED: " + failed);
            System.exit(1);
        }
    }

    private static String value(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
