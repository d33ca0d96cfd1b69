package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * Sluice in a process of its own, started as users start it, with real environment variables: the
 * built jar ({@code java -jar target/sluice.jar}, for the *IT tests, which run after the package phase)
 * or the main class on this test's classpath (for unit-phase tests, which run before the jar exists).
 * Output goes to {@code sluice.log} in the data directory, a restart's after the first run's.
 */
final class SluiceProcess {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Process process;
    final int port;
    final Path data;

    private SluiceProcess(Process process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The packaged jar, embedded Kafka in {@code data}, the demo routes, plus {@code env}. */
    static SluiceProcess jar(Path data, int port, Map<String, String> env) throws IOException {
        return jar(data, port, env, List.of());
    }

    /** Like {@link #jar(Path, int, Map)}, with command-line arguments such as {@code --sluice.routes.x.to=webhook}. */
    static SluiceProcess jar(Path data, int port, Map<String, String> env, List<String> args) throws IOException {
        Path jar = Path.of("target", "sluice.jar");
        assertTrue(Files.exists(jar), "the shaded jar is built in the package phase: " + jar.toAbsolutePath());
        List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
        launch.addAll(args);
        return start(launch, data, port, env);
    }

    /** {@link Sluice#main} on this test's classpath, otherwise like {@link #jar}. */
    static SluiceProcess classpath(Path data, int port, Map<String, String> env) throws IOException {
        // surefire may hand the fork a manifest-only jar as java.class.path; this property is the real one
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return start(List.of("-cp", classpath, Sluice.class.getName()), data, port, env);
    }

    private static SluiceProcess start(List<String> launch, Path data, int port, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(launch);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("sluice.log").toFile()));
        pb.environment().remove("MICRONAUT_ENVIRONMENTS");
        pb.environment().put("SLUICE_PORT", String.valueOf(port));
        pb.environment().put("SLUICE_DATA_DIR", data.toString());
        pb.environment().put("SLUICE_EMBEDDED_KAFKA_PORT", "0");
        pb.environment().putAll(env);
        return new SluiceProcess(pb.start(), port, data);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String log() throws IOException {
        return Files.readString(data.resolve("sluice.log"));
    }

    /** Waits until {@code /health} answers 200; fails with the process's output when it exits or takes 90 s. */
    SluiceProcess awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Sluice exited: " + log());
            }
            try {
                var health = HTTP.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not healthy within 90 s: " + log());
    }

    /**
     * Waits until the server answers {@code /health} at all (200 or 503): for runs where a route waits for
     * a broker that is away on purpose, so readiness is down.
     */
    SluiceProcess awaitListening() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Sluice exited: " + log());
            }
            try {
                HTTP.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
                return this;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not listening within 90 s: " + log());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as a service manager stops it, then waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGKILL: no shutdown hooks, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
