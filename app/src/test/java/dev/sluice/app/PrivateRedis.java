package dev.sluice.app;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own on a free port, so that a fault test can kill and restart it without
 * touching the machine's shared Redis. It keeps an append-only file with {@code appendfsync always}, the
 * durable setting the README recommends, so a restart gets back what it acknowledged.
 */
final class PrivateRedis implements AutoCloseable {

    final int port;
    private final Path dir;
    private Process process;

    private PrivateRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static PrivateRedis start() throws IOException, InterruptedException {
        PrivateRedis redis = reserve();
        redis.startAgain();
        return redis;
    }

    /** A free port and a data folder, with no server yet: {@link #startAgain()} starts it. */
    static PrivateRedis reserve() throws IOException {
        return new PrivateRedis(QuietPorts.free(), Files.createTempDirectory("sluice-redis"));
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again, on the same port and data). */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
    }

    /** SIGKILL: the server dies as in a crash, with what it had written to its append-only file. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
