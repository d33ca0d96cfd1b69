package dev.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one harness run shares: the mode, the jar, where logs and scratch data go, the results. */
final class Run {

    /** Short: under five minutes, for anyone; full: the figures for the README. */
    enum Mode { SHORT, FULL }

    final Mode mode;
    final Path jar;
    final Path work;
    final Path logs;
    final Results results = new Results();
    final boolean profile;
    private final List<Proc> brokers = new ArrayList<>();
    private String bootstrap;
    private int topicSeq;

    Run(Mode mode, Path jar, Path work, boolean profile) throws IOException {
        this.mode = mode;
        this.jar = jar;
        this.work = Files.createDirectories(work);
        this.logs = Files.createDirectories(work.resolve("logs"));
        this.profile = profile;
    }

    /** {@code shortValue} in short mode, {@code fullValue} in full mode. */
    <T> T pick(T shortValue, T fullValue) {
        return mode == Mode.SHORT ? shortValue : fullValue;
    }

    /**
     * How long a load runs untimed before it is measured: C2 compiles the hot paths of Sluice, of the
     * broker and of the baselines under load (on two busy cores a short warm-up measured mostly the
     * interpreter).
     */
    Duration warmup() {
        return Duration.ofSeconds(pick(6, 30));
    }

    /** A topic name no earlier benchmark of this run used, so groups start from an empty log. */
    synchronized String topic(String what) {
        return "bench-" + what + "-" + (++topicSeq) + "-" + ProcessHandle.current().pid();
    }

    /** The standalone Kafka broker every benchmark but start-up shares, started on first use. */
    synchronized String kafka() throws IOException, InterruptedException {
        if (bootstrap == null) {
            int port = freePort();
            brokers.add(startKafka("kafka", work.resolve("kafka-" + port), port));
            bootstrap = "127.0.0.1:" + port;
        }
        return bootstrap;
    }

    /** The process of the shared broker ({@link #kafka()}), to read its CPU time. */
    synchronized Proc kafkaProcess() throws IOException, InterruptedException {
        kafka();
        return brokers.getFirst();
    }

    /**
     * Starts a {@link StandaloneKafka} process on {@code port} with its log in {@code dataDir} (again,
     * after a stop, when both are the same) and waits until it is ready; the caller stops it.
     */
    Proc startKafka(String name, Path dataDir, int port) throws IOException, InterruptedException {
        Proc kafka = Proc.java(name, logs, Map.of(), List.of("-Xmx1g"),
                List.of("-cp", System.getProperty("java.class.path"), StandaloneKafka.class.getName(),
                        dataDir.toString(), String.valueOf(port)));
        try {
            kafka.awaitLog("kafka ready", Duration.ofSeconds(60));
        } catch (RuntimeException | IOException | InterruptedException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /**
     * Starts the Sluice jar on the standalone broker with {@code config} (YAML, merged over the
     * defaults; the demo routes are off) and waits until it is healthy.
     */
    Sluice sluice(String name, String config, Map<String, String> extraEnv, List<String> jvmArgs)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("SLUICE_BROKER", "kafka");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka());
        return sluiceWith(name, config, env, jvmArgs);
    }

    Sluice sluiceWith(String name, String config, Map<String, String> extraEnv, List<String> jvmArgs)
            throws IOException, InterruptedException {
        return sluiceWith(name, config, extraEnv, jvmArgs, List.of());
    }

    /**
     * The same with command-line arguments for Sluice ({@code --sluice.x=y}); {@code SLUICE_PORT} and
     * {@code SLUICE_DATA_DIR} in {@code extraEnv} are kept, so a restart finds the same port and data.
     */
    Sluice sluiceWith(String name, String config, Map<String, String> extraEnv, List<String> jvmArgs,
                      List<String> args) throws IOException, InterruptedException {
        int port = extraEnv.containsKey("SLUICE_PORT") ? Integer.parseInt(extraEnv.get("SLUICE_PORT")) : freePort();
        Path yml = work.resolve(name + ".yml");
        Files.writeString(yml, config);
        Map<String, String> env = new HashMap<>();
        env.put("SLUICE_PORT", String.valueOf(port));
        env.put("SLUICE_DATA_DIR", work.resolve("data-" + name + "-" + port).toString());
        env.put("SLUICE_EMBEDDED_KAFKA_PORT", String.valueOf(freePort()));
        env.put("MICRONAUT_ENVIRONMENTS", "bench");
        env.put("MICRONAUT_CONFIG_FILES", yml.toString());
        // the bench measures how much Sluice takes, from one address: its quotas would measure themselves
        env.put("SLUICE_SECURITY_QUOTAS_ENABLED", "false");
        env.putAll(extraEnv);
        List<String> jvm = new ArrayList<>(jvmArgs);
        String more = System.getenv("SLUICE_BENCH_JVM_OPTS"); // e.g. -XX:+UseZGC: Sluice's JVM options to try
        if (more != null && !more.isBlank()) {
            jvm.addAll(List.of(more.trim().split("\\s+")));
        }
        if (profile) {
            jvm.add("-XX:FlightRecorderOptions=stackdepth=512");
            jvm.add("-XX:StartFlightRecording=filename=" + logs.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
        }
        jvm.add("-jar");
        List<String> jarAndArgs = new ArrayList<>();
        jarAndArgs.add(jar.toString());
        jarAndArgs.addAll(args);
        Proc proc = Proc.java(name, logs, env, jvm, jarAndArgs);
        Sluice sluice = new Sluice(proc, URI.create("http://127.0.0.1:" + port));
        try {
            sluice.startup = proc.awaitHealthy(sluice.uri("/health"), Duration.ofSeconds(90));
        } catch (RuntimeException | IOException | InterruptedException e) {
            proc.close();
            throw e;
        }
        return sluice;
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up on Linux): the fault runs stop a broker
     * and start it again on its port while Sluice keeps dialling it, and a client dialling a closed port in
     * that range may be handed the port itself as its source port and connect to itself, which takes it.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_768);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port in 20000..32767"));
    }

    void closeBrokers() {
        brokers.forEach(Proc::close);
        brokers.clear();
        bootstrap = null;
    }

    /** A running Sluice. */
    static final class Sluice implements AutoCloseable {
        final Proc proc;
        final URI base;
        Duration startup;

        Sluice(Proc proc, URI base) {
            this.proc = proc;
            this.base = base;
        }

        URI uri(String path) {
            return base.resolve(path);
        }

        @Override
        public void close() {
            proc.close();
        }
    }
}
