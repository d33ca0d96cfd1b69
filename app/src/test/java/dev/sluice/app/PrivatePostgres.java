package dev.sluice.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, so that a fault test can stop, kill and restart it without
 * touching the machine's shared server: {@code initdb} into a temporary folder, listening on 127.0.0.1
 * only on a port from {@link QuietPorts#free()}, trust authentication, its unix sockets in its data folder,
 * the {@code wal_level} the test asks for. The programs come from {@code /usr/lib/postgresql/15/bin}, else
 * the newest version there ({@code SLUICE_TEST_PG_BIN} names another folder). PostgreSQL refuses to run
 * as root, so when the tests run as root the cluster belongs to, and runs as, the OS user {@code postgres}.
 * {@link #close()} stops it and deletes the folder (a shutdown hook kills it if the JVM ends first).
 */
final class PrivatePostgres implements AutoCloseable {

    static final String USER = "postgres";
    private static final String OS_USER = "postgres";
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    final int port;
    final String walLevel;
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final Path logFile;
    private final boolean asRoot;
    private final Thread hook;
    private volatile boolean running;

    private PrivatePostgres(Path bin, Path dir, int port, String walLevel, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.logFile = dir.resolve("postgres.log");
        this.port = port;
        this.walLevel = walLevel;
        this.asRoot = asRoot;
        this.hook = new Thread(this::killQuietly, "private-postgres-" + port);
    }

    /** A new cluster, initialised and configured but not running: {@link #start()} starts it. */
    static PrivatePostgres create(String walLevel) throws IOException, InterruptedException {
        if (!walLevel.equals("logical") && !walLevel.equals("replica") && !walLevel.equals("minimal")) {
            throw new IllegalArgumentException("wal_level is minimal, replica or logical, not " + walLevel);
        }
        Path bin = programs();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        int port = QuietPorts.free();
        Path dir = Files.createTempDirectory("sluice-pg");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, port, walLevel, asRoot);
        Runtime.getRuntime().addShutdownHook(pg.hook);
        try {
            if (asRoot) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                try {
                    Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
                } catch (IOException noSuchUser) {
                    throw new IllegalStateException("PrivatePostgres runs as root here, and PostgreSQL refuses root: it"
                            + " needs the OS user '" + OS_USER + "' (the postgresql package makes it), which is missing");
                }
            }
            pg.run(Duration.ofSeconds(120), bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions");
            Files.writeString(pg.data.resolve("postgresql.conf"), String.join("\n",
                    "",
                    "# set by PrivatePostgres",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + pg.port,
                    "unix_socket_directories = '" + pg.data + "'",
                    "wal_level = " + walLevel,
                    "max_replication_slots = 10",
                    "max_wal_senders = " + (walLevel.equals("minimal") ? 0 : 10),
                    "max_connections = 50",
                    "shared_buffers = 32MB",
                    "logging_collector = off",
                    ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** A new cluster, started. */
    static PrivatePostgres start(String walLevel) throws IOException, InterruptedException {
        PrivatePostgres pg = create(walLevel);
        try {
            pg.start();
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** The folder of PostgreSQL's server programs, or a failure saying what is missing. */
    private static Path programs() throws IOException {
        String given = System.getenv("SLUICE_TEST_PG_BIN");
        if (given != null && !given.isBlank()) {
            Path bin = Path.of(given);
            if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
                throw new IllegalStateException("SLUICE_TEST_PG_BIN=" + given + " has no initdb and pg_ctl");
            }
            return bin;
        }
        Path preferred = VERSIONS.resolve("15").resolve("bin");
        if (Files.isExecutable(preferred.resolve("initdb")) && Files.isExecutable(preferred.resolve("pg_ctl"))) {
            return preferred;
        }
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(VERSIONS)) {
            try (Stream<Path> versions = Files.list(VERSIONS)) {
                newest = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())));
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException("PrivatePostgres needs PostgreSQL's server programs"
                + " initdb and pg_ctl: there are none under " + VERSIONS + "/<version>/bin (install the server, e.g."
                + " apt-get install -y postgresql-15, or set SLUICE_TEST_PG_BIN to the folder that has them)"));
    }

    /** jdbc:postgresql://127.0.0.1:port/database */
    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Starts the server (again, on the same port and data), waiting until it accepts connections. */
    void start() throws IOException, InterruptedException {
        run(Duration.ofSeconds(90), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", logFile.toString(),
                "-w", "-t", "60", "start");
        running = true;
    }

    /** Stops the server the fast way: its sessions end at once, what was committed stays. */
    void stop() throws IOException, InterruptedException {
        run(Duration.ofSeconds(90), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                "-t", "60", "stop");
        running = false;
    }

    /**
     * SIGKILL to the postmaster and every process of the cluster, as in a crash of the machine's server
     * (what was committed is in the WAL; the next start recovers it). Waits until they are gone, so that
     * {@link #start()} may follow at once.
     */
    void kill() throws InterruptedException {
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isEmpty()) {
            running = false;
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
        all.add(0, postmaster.get());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("PostgreSQL process " + p.pid() + " did not die on SIGKILL");
            }
        }
        running = false;
    }

    /** The postmaster's process, from postmaster.pid, while it lives. */
    private Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = data.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url(database), p);
    }

    /** Runs statements in {@code database}, each committed. */
    void exec(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** The server's log so far (for failure messages). */
    String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void run(Duration timeout, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asRoot) {
            cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        cmd.addAll(List.of(command));
        Path out = Files.createTempFile("sluice-pg-cmd", ".out");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout
                        + ": " + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(out) + "\nserver log:\n" + log());
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private void killQuietly() {
        try {
            kill();
        } catch (Exception | Error ignored) {
            // the JVM is ending: nothing more to do
        }
    }

    /** Stops the server (kills it if a fast stop fails) and deletes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (running || postmaster().isPresent()) {
                try {
                    stop();
                } catch (IOException | RuntimeException stopFailed) {
                    kill();
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }
}
