package dev.sluice.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A broker the fault checks run Sluice on: the arguments and environment Sluice needs for it, and for
 * the brokers that run in a process of their own here, a SIGKILL and a start on the same port and data.
 * Every broker is private to the run or namespaced by it: a StandaloneKafka and a redis-server of its
 * own, an embedded Kafka per check, and on the machine's RabbitMQ names under a prefix of the run's own.
 */
abstract class FaultBroker implements AutoCloseable {

    static final List<String> NAMES = List.of("embedded", "kafka", "redis", "rabbitmq");

    final String name;

    FaultBroker(String name) {
        this.name = name;
    }

    /** Why this broker cannot be used here, or null. */
    static String unavailable(String name) {
        return switch (name) {
            case "redis" -> onPath("redis-server") ? null : "redis-server is not installed (apt-get install redis-server)";
            case "rabbitmq" -> reachable(rabbitUri()) ? null : "no RabbitMQ answers at " + redacted(rabbitUri());
            default -> null;
        };
    }

    static FaultBroker open(String name, Run run, String runId) throws IOException, InterruptedException {
        return switch (name) {
            case "embedded" -> new Embedded(run);
            case "kafka" -> new Kafka(run);
            case "redis" -> new Redis(run, runId);
            case "rabbitmq" -> new Rabbit(runId);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Sluice's command-line arguments for this broker in the check {@code check}. */
    abstract List<String> args(String check);

    /** Sluice's environment for this broker in {@code check}, whose own scratch folder is {@code dir}. */
    Map<String, String> env(String check, Path dir) {
        return Map.of();
    }

    /** The key of this broker's settings under {@code sluice.} (its {@code ack-timeout}, for one). */
    String settings() {
        return name;
    }

    /** Why broker-blip does not run on this broker, or null when it does. */
    String noBlip() {
        return null;
    }

    /** SIGKILL to the broker's process. */
    void kill() throws Exception {
        throw new UnsupportedOperationException(name);
    }

    /** Starts the broker again on the same port and data; returns once it answers. */
    void startAgain() throws Exception {
        throw new UnsupportedOperationException(name);
    }

    @Override
    public void close() throws Exception {}

    /** Kafka inside Sluice, a log folder per check: it stops with Sluice, and a restart finds its data. */
    static final class Embedded extends FaultBroker {
        Embedded(Run run) {
            super("embedded");
        }

        @Override
        List<String> args(String check) {
            return List.of("--sluice.broker=embedded");
        }

        @Override
        Map<String, String> env(String check, Path dir) {
            return Map.of("SLUICE_DATA_DIR", dir.resolve("sluice-data").toString(), "SLUICE_EMBEDDED_KAFKA_PORT", "0");
        }

        @Override
        String noBlip() {
            return "the broker runs inside Sluice, so kill9 and sigterm already stop it";
        }
    }

    /** A StandaloneKafka process of the run's own; the checks use topics of their own. */
    static final class Kafka extends FaultBroker {
        private final Run run;
        private final Path data;
        private final int port;
        private int starts;
        private Proc proc;

        Kafka(Run run) throws IOException, InterruptedException {
            super("kafka");
            this.run = run;
            this.port = Run.freePort();
            this.data = run.work.resolve("kafka-" + port);
            startAgain();
        }

        @Override
        List<String> args(String check) {
            return List.of("--sluice.broker=kafka", "--sluice.kafka.bootstrap-servers=127.0.0.1:" + port);
        }

        @Override
        void kill() throws InterruptedException {
            proc.kill();
        }

        @Override
        void startAgain() throws IOException, InterruptedException {
            proc = run.startKafka("kafka-" + (++starts), data, port);
        }

        @Override
        public void close() {
            proc.close();
        }
    }

    /**
     * A redis-server of the run's own on a free port, its append-only file in a folder of its own with
     * {@code appendfsync always} (the durable setting the README asks for), so that a SIGKILL loses
     * nothing it acknowledged. The machine's shared Redis is never touched.
     */
    static final class Redis extends FaultBroker {
        private final Run run;
        private final String runId;
        private final Path dir;
        private final int port;
        private int starts;
        private Proc proc;

        Redis(Run run, String runId) throws IOException, InterruptedException {
            super("redis");
            this.run = run;
            this.runId = runId;
            this.port = Run.freePort();
            this.dir = Files.createDirectories(run.work.resolve("redis-" + port));
            startAgain();
        }

        @Override
        List<String> args(String check) {
            return List.of("--sluice.broker=redis", "--sluice.redis.uri=redis://127.0.0.1:" + port,
                    "--sluice.redis.key-prefix=" + runId + "-" + check + ":");
        }

        @Override
        void kill() throws InterruptedException {
            proc.kill();
        }

        @Override
        void startAgain() throws IOException, InterruptedException {
            proc = Proc.start("redis-" + (++starts), run.logs, Map.of(), List.of("redis-server",
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
                    "--appendfsync", "always", "--dir", dir.toString()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!proc.process.isAlive()) {
                    throw new IllegalStateException("redis-server exited; see " + proc.log);
                }
                if (ping(port)) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("redis-server did not answer PING within 30 s; see " + proc.log);
        }

        /** True once the server answers PING with PONG (not while it still loads its append-only file). */
        private static boolean ping(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                s.setSoTimeout(1000);
                OutputStream out = s.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] answer = new byte[7];
                int n = in.readNBytes(answer, 0, 5);
                return n == 5 && new String(answer, 0, 5, StandardCharsets.US_ASCII).equals("+PONG");
            } catch (IOException notYet) {
                return false;
            }
        }

        @Override
        public void close() {
            proc.close();
        }
    }

    /**
     * The machine's RabbitMQ at {@code RABBITMQ_URI}: every exchange and queue under a name prefix of the
     * run's own, deleted at the end (those that {@code rabbitmqctl} lists under the prefix, and the ones
     * Sluice's naming gives in any case).
     */
    static final class Rabbit extends FaultBroker {
        private final String prefix;
        private final Set<String> checks = new TreeSet<>();

        Rabbit(String runId) {
            super("rabbitmq");
            this.prefix = runId + ".";
        }

        @Override
        List<String> args(String check) {
            checks.add(check);
            return List.of("--sluice.broker=rabbitmq", "--sluice.rabbitmq.uri=" + rabbitUri(),
                    "--sluice.rabbitmq.name-prefix=" + prefix);
        }

        @Override
        String noBlip() {
            return "RabbitMQ is the machine's shared service, which these checks do not stop";
        }

        @Override
        public void close() throws Exception {
            Set<String> queues = new TreeSet<>(listed("list_queues"));
            Set<String> exchanges = new TreeSet<>(listed("list_exchanges"));
            queues.add(prefix + "capability-check");
            for (String check : checks) {
                queues.add(prefix + Faults.topic(check));
                queues.add(prefix + Faults.topic(check) + ".group." + Faults.group(check));
                queues.add(prefix + "dlq." + Faults.route(check));
                exchanges.add(prefix + Faults.topic(check));
            }
            ConnectionFactory factory = new ConnectionFactory();
            factory.setUri(rabbitUri());
            int deleted = 0;
            List<String> failed = new ArrayList<>();
            try (Connection connection = factory.newConnection("sluice-faults-cleanup")) {
                for (String queue : queues) {
                    try (Channel ch = connection.createChannel()) {
                        ch.queueDelete(queue);
                        deleted++;
                    } catch (Exception e) {
                        failed.add(queue);
                    }
                }
                for (String exchange : exchanges) {
                    try (Channel ch = connection.createChannel()) {
                        ch.exchangeDelete(exchange);
                        deleted++;
                    } catch (Exception e) {
                        failed.add(exchange);
                    }
                }
            }
            System.out.println("rabbitmq: deleted the queues and exchanges under '" + prefix + "' (" + deleted
                    + " names" + (failed.isEmpty() ? "" : "; could not delete " + failed) + ")");
        }

        /** Names under the prefix that {@code rabbitmqctl <command>} lists, if rabbitmqctl is here. */
        private List<String> listed(String command) {
            if (!onPath("rabbitmqctl")) {
                return List.of();
            }
            List<String> cmd = new ArrayList<>(List.of("rabbitmqctl", command, "-q", "--no-table-headers"));
            String path = URI.create(rabbitUri()).getRawPath();
            if (path != null && path.length() > 1) {
                cmd.addAll(List.of("-p", URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8)));
            }
            cmd.add("name");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    return List.of();
                }
                return out.lines().map(String::strip).filter(n -> n.startsWith(prefix)).toList();
            } catch (IOException | InterruptedException e) {
                return List.of();
            }
        }
    }

    static String rabbitUri() {
        String uri = System.getenv("RABBITMQ_URI");
        return uri == null || uri.isBlank() ? "amqp://guest:guest@127.0.0.1:5672" : uri;
    }

    /** The URI without its password, for printing. */
    static String redacted(String uri) {
        return uri.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }

    private static boolean reachable(String uri) {
        URI u = URI.create(uri);
        int port = u.getPort() > 0 ? u.getPort() : "amqps".equals(u.getScheme()) ? 5671 : 5672;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port), (int) Duration.ofSeconds(2).toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
