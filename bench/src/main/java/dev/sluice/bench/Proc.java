package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child process of the harness (Sluice, a broker, a baseline), its output in a log file. */
final class Proc implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** G1 and Parallel say "used 86016K", ZGC "used 84M". */
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");

    final String name;
    final Process process;
    final long startedNanos;
    final Path log;

    private Proc(String name, Process process, long startedNanos, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /** The JDK running the harness, so children use the same one. */
    static Path javaHome() {
        return Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent();
    }

    /** Starts {@code java <jvmArgs> <args>} with extra environment, output to {@code <logDir>/<name>.log}. */
    static Proc java(String name, Path logDir, Map<String, String> env, List<String> jvmArgs, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaHome().resolve("bin/java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmArgs);
        command.addAll(args);
        return start(name, logDir, env, command);
    }

    static Proc start(String name, Path logDir, Map<String, String> env, List<String> command) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        return new Proc(name, builder.start(), started, log);
    }

    /** Polls {@code url} every 10 ms until it answers 200; returns the time since the process started. */
    Duration awaitHealthy(URI url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(name + " not healthy at " + url + " after " + timeout + "; see " + log);
    }

    /** Waits for a line containing {@code marker} in the log (for children without an HTTP port). */
    void awaitLog(String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " did not print '" + marker + "' within " + timeout + "; see " + log);
    }

    /** Waits for the process to end by itself and returns its output. */
    String awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(name + " still running after " + timeout + "; see " + log);
        }
        String out = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit " + process.exitValue() + ": " + tail(out));
        }
        return out;
    }

    /** CPU time the process used so far, all its threads, user and system, in nanoseconds. */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + name))
                .toNanos();
    }

    /** Resident set size from /proc, in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    /** Live heap: a full GC through jcmd, then the used heap it reports, in bytes. */
    long heapAfterGcBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info for " + name);
        }
        long unit = switch (m.group(2)) {
            case "G" -> 1024L * 1024 * 1024;
            case "M" -> 1024L * 1024;
            default -> 1024L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaHome().resolve("bin/jcmd").toString(), String.valueOf(process.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    static String tail(String out) {
        return out.length() <= 2000 ? out : "…" + out.substring(out.length() - 2000);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /** SIGKILL, as in a crash; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still alive 30 s after SIGKILL");
        }
    }

    /**
     * SIGTERM, then up to {@code grace} for the process to end by itself before it is killed; true when
     * it ended by itself.
     */
    boolean stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
