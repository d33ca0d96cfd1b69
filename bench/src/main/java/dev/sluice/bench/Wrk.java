package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (Debian package {@code wrk}) in its own process: POSTs one JSON body over keep-alive
 * connections for a fixed time, and reads requests/s, latency percentiles and errors from its report.
 */
final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    /** What one wrk run reported. Latencies in milliseconds. */
    record Report(double requestsPerSecond, long requests, double p50, double p99, long errors, String raw) {}

    private Wrk() {}

    static Report post(Run run, String name, URI url, String body, int connections, Duration duration)
            throws IOException, InterruptedException {
        Path bodyFile = run.work.resolve(name + ".body.json");
        Files.writeString(bodyFile, body);
        Path script = run.work.resolve(name + ".lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local f = io.open("%s", "rb")
                wrk.body = f:read("*a")
                f:close()
                """.formatted(bodyFile));
        int threads = Math.min(2, connections);
        try (Proc wrk = Proc.start("wrk-" + name, run.logs, Map.of(), List.of("wrk", "-t" + threads,
                "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency", "--timeout", "10s",
                "-s", script.toString(), url.toString()))) {
            return parse(wrk.awaitExit(duration.plusSeconds(60)));
        }
    }

    static Report parse(String out) {
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's report: " + Proc.tail(out));
        }
        Matcher total = TOTAL.matcher(out);
        long requests = total.find() ? Long.parseLong(total.group(1)) : 0;
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return new Report(Double.parseDouble(rate.group(1)), requests, percentile(out, "50%"),
                percentile(out, "99%"), errors, out);
    }

    /** A line of wrk's "Latency Distribution", e.g. {@code 99%    4.21ms}, in milliseconds. */
    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    /** Fails the benchmark when wrk is not installed, naming the package. */
    static void requireInstalled() throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: apt-get install wrk (scripts/bench does this)");
        }
    }
}
