package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The {@code postgres-cdc} source when PostgreSQL is not as it should be, against real PostgreSQL clusters
 * of the test's own ({@link PrivatePostgres}: stopped, killed and started again for real; the machine's
 * shared server is not touched) and the shared embedded Kafka:
 * <ul>
 *   <li>a server without logical decoding fails start-up, naming the route and what to set;</li>
 *   <li>a server that is down at start is waited for: the route says so (naming host:port), /health
 *       answers 503, and once the server is up the snapshot arrives and the route runs;</li>
 *   <li>a server stopped (fast) and later killed (SIGKILL) while a writer commits changes: every committed
 *       change arrives at least once, each key's changes in order, none missing (counted with a ledger).</li>
 * </ul>
 */
class CdcOutageTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> cdcRoute(String route, PrivatePostgres pg, String database, String tables, String topic) {
        return CdcSourceTest.cdcRoute(route, pg.url(database), PrivatePostgres.USER, "", tables, topic);
    }

    @Test
    void aServerWithoutLogicalDecodingFailsStartUpNamingTheRouteAndWhatToSet() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start("replica")) {
            pg.exec("postgres", "CREATE TABLE item (id bigint PRIMARY KEY, name text)");
            String route = TestSluice.unique("cdc-replica");
            Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("ingest"));
            props.putAll(cdcRoute(route, pg, "postgres", "public.item", TestSluice.unique("cdc-replica-items")));

            Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.run(EmbeddedServer.class, props, "test"));
            StringBuilder all = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) {
                all.append(c.getMessage()).append('\n');
            }
            String failure = all.toString();
            assertTrue(failure.contains("route '" + route + "'"), "names the route: " + failure);
            assertTrue(failure.contains("127.0.0.1:" + pg.port), "names the server: " + failure);
            assertTrue(failure.contains("wal_level = replica"), "says what the server has: " + failure);
            assertTrue(failure.contains("set wal_level = logical"), "says what to set: " + failure);
            assertTrue(failure.contains("restart PostgreSQL"), "says to restart: " + failure);
            assertEquals(List.of(), column(pg, "SELECT slot_name FROM pg_replication_slots"), "no slot was made");
        }
    }

    @Test
    void aServerDownAtStartIsWaitedForAndItsSnapshotArrivesOnceItIsUp() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start("logical")) {
            pg.exec("postgres", "CREATE DATABASE shop");
            pg.exec("shop", "CREATE TABLE item (id bigint PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO item VALUES (1, 'kettle'), (2, 'lamp'), (3, 'chair')");
            pg.stop();

            String route = TestSluice.unique("cdc-down");
            String sse = TestSluice.unique("items");
            String topic = TestSluice.unique("cdc-down-items");
            Map<String, Object> props = cdcRoute(route, pg, "shop", "public.item", topic);
            props.put("sluice.routes." + sse + ".from", topic);
            props.put("sluice.routes." + sse + ".to", "sse");
            try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), props);
                 SseClient stream = SseClient.connect(sluice.uri("/" + sse + "/stream?from=earliest"), null)) {
                awaitState(sluice, route, "waiting", "the CDC route to say it waits");
                JsonNode state = state(sluice, route);
                String detail = state.path("detail").asText();
                assertTrue(detail.contains("127.0.0.1:" + pg.port), "the reason names host:port: " + state);
                assertTrue(detail.contains("refused"), "the reason says the connection was refused: " + state);
                assertEquals("waiting", status(sluice, route).path("phase").asText(), status(sluice, route).toString());
                HttpResponse<String> health = health(sluice);
                assertEquals(503, health.statusCode(), health.body());
                assertTrue(health.body().contains(route), "/health names the waiting route: " + health.body());
                assertEquals(List.of(), stream.events, "nothing arrives while the server is down");

                pg.start();
                List<SseClient.Event> snapshot = stream.await(3);
                assertEquals(List.of("item_created", "item_created", "item_created"),
                        snapshot.stream().map(SseClient.Event::type).toList());
                assertEquals(List.of("kettle", "lamp", "chair"),
                        snapshot.stream().map(e -> field(e.data(), "name")).toList());
                awaitState(sluice, route, "running", "the CDC route to run");
                await("/health to answer 200", () -> health(sluice).statusCode() == 200);
                assertEquals(3, status(sluice, route).path("snapshotRows").asInt(), status(sluice, route).toString());
            }
        }
    }

    @Test
    void changesCommittedWhileTheServerIsStoppedAndKilledAllArriveInOrder() throws Exception {
        int changes = 200;
        int keys = 8;
        try (PrivatePostgres pg = PrivatePostgres.start("logical")) {
            pg.exec("postgres", "CREATE DATABASE shop");
            pg.exec("shop", "CREATE TABLE counter (id int PRIMARY KEY, seq int NOT NULL)");

            String route = TestSluice.unique("cdc-restart");
            String topic = TestSluice.unique("cdc-restart-counters");
            try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), cdcRoute(route, pg, "shop",
                    "public.counter", topic))) {
                await("the CDC route to stream", () -> "streaming".equals(status(sluice, route).path("phase").asText()));

                // the writer commits up to its limit, so that each outage meets it writing and the route streaming
                List<String> committed;
                try (Writer writer = new Writer(pg, changes, keys, changes / 2)) {
                    await("a third of the changes committed", () -> writer.committed.size() >= changes / 3);
                    long stopping = System.nanoTime();
                    pg.stop(); // fast: sessions end at once; the walsender first sends what WAL is left
                    System.out.println("PostgreSQL stopped (fast) in "
                            + Duration.ofNanos(System.nanoTime() - stopping).toMillis() + " ms");
                    awaitState(sluice, route, "waiting", "the CDC route to say it waits");
                    pg.start();
                    awaitState(sluice, route, "running", "the CDC route to read again");
                    writer.limit.set(changes * 5 / 6);
                    await("two thirds of the changes committed", () -> writer.committed.size() >= 2 * changes / 3);
                    pg.kill(); // SIGKILL to every process of the server: a crash
                    awaitState(sluice, route, "waiting", "the CDC route to say it waits");
                    pg.start();
                    writer.limit.set(changes);
                    writer.join();
                    assertEquals(List.of(), writer.errors, "the writer only met the outages");
                    assertEquals(changes, writer.committed.size(), "every change was committed in the end");
                    committed = List.copyOf(writer.committed);
                    System.out.println("writer retries during the outages: " + writer.retries.get());
                }

                // every committed change, read from the route's topic: ids, keys, the row's seq
                Set<String> acknowledged = new TreeSet<>(committed);
                List<Arrival> arrived = new ArrayList<>();
                readUntil(topic, arrived, () -> arrived.stream().map(Arrival::change).toList().containsAll(acknowledged));
                Map<String, Arrival> byId = new LinkedHashMap<>();
                for (Arrival a : arrived) {
                    byId.putIfAbsent(a.id(), a);
                }
                Set<String> arrivedChanges = new HashSet<>();
                byId.values().forEach(a -> arrivedChanges.add(a.change()));
                Set<String> missing = new TreeSet<>(acknowledged);
                missing.removeAll(arrivedChanges);
                Set<String> unexpected = new TreeSet<>(arrivedChanges);
                unexpected.removeAll(acknowledged);
                int duplicates = arrived.size() - byId.size();
                System.out.println("ledger postgres stop + kill -9: acknowledged " + acknowledged.size() + ", arrived "
                        + arrived.size() + ", duplicates " + duplicates + ", missing " + missing.size());

                assertEquals(Set.of(), missing, "every committed change arrived");
                assertEquals(Set.of(), unexpected, "nothing arrived that was not committed");
                assertEquals(byId.size(), arrivedChanges.size(), "one event id per change (a change that comes again"
                        + " keeps its id)");
                Map<String, List<Integer>> perKey = new LinkedHashMap<>();
                for (Arrival a : byId.values()) {
                    perKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.seq());
                }
                assertEquals(keys, perKey.size(), perKey.keySet().toString());
                perKey.forEach((key, seqs) -> {
                    List<Integer> sorted = seqs.stream().sorted().toList();
                    assertEquals(sorted, seqs, "key " + key + "'s changes in the order they were committed");
                });
                awaitState(sluice, route, "running", "the CDC route to run again");
                assertEquals(0, status(sluice, route).path("snapshotRows").asInt(),
                        "no snapshot again after the restarts: " + status(sluice, route));
            }
        }
    }

    /** One event read from the topic: its CloudEvents id, its key, the row's seq; a change is "key:seq". */
    record Arrival(String id, String key, int seq) {
        String change() {
            return key + ":" + seq;
        }
    }

    /**
     * Commits {@code changes} numbered changes on {@code keys} rows: change i gives row i % keys seq = i
     * (inserting the row the first time), one transaction each, except that every tenth change and the
     * next are one transaction on one row (two changes of a key committed together). A transaction counts
     * as committed once its commit returned, or, when the server went away during it, once the row shows
     * its last change after reconnecting. It waits while the next change is above {@link #limit}.
     */
    static final class Writer implements AutoCloseable {
        final List<String> committed = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger retries = new AtomicInteger();
        /** The last change the writer may commit for now. */
        final AtomicInteger limit;
        private final Thread thread;

        /** One change: row {@code key} gets {@code seq}, inserted when it is the row's first. */
        record Change(int key, int seq, boolean insert) {}

        static List<List<Change>> plan(int changes, int keys) {
            List<List<Change>> transactions = new ArrayList<>();
            Set<Integer> made = new HashSet<>();
            for (int i = 1; i <= changes; i++) {
                int key = i % keys;
                List<Change> tx = new ArrayList<>(List.of(new Change(key, i, made.add(key))));
                if (i % 10 == 0 && i < changes) {
                    i++;
                    tx.add(new Change(key, i, false));
                }
                transactions.add(tx);
            }
            return transactions;
        }

        Writer(PrivatePostgres pg, int changes, int keys, int limit) {
            this.limit = new AtomicInteger(limit);
            List<List<Change>> plan = plan(changes, keys);
            thread = Thread.ofPlatform().daemon().name("cdc-writer").start(() -> {
                Connection c = null;
                try {
                    for (List<Change> tx : plan) {
                        while (tx.getLast().seq() > this.limit.get()) {
                            Thread.sleep(5);
                        }
                        while (true) {
                            try {
                                if (c == null) {
                                    c = pg.connect("shop");
                                    if (seqOf(c, tx.getLast().key()) == tx.getLast().seq()) {
                                        break; // the commit the server went away in had happened
                                    }
                                }
                                commit(c, tx);
                                break;
                            } catch (SQLException serverAway) {
                                retries.incrementAndGet();
                                close(c);
                                c = null;
                                Thread.sleep(100);
                            }
                        }
                        tx.forEach(change -> committed.add(change.key() + ":" + change.seq()));
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    errors.add("interrupted");
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                } finally {
                    close(c);
                }
            });
        }

        private static void commit(Connection c, List<Change> tx) throws SQLException {
            c.setAutoCommit(tx.size() == 1);
            for (Change change : tx) {
                try (PreparedStatement st = c.prepareStatement(change.insert()
                        ? "INSERT INTO counter (seq, id) VALUES (?, ?)" : "UPDATE counter SET seq = ? WHERE id = ?")) {
                    st.setInt(1, change.seq());
                    st.setInt(2, change.key());
                    if (st.executeUpdate() != 1) {
                        throw new IllegalStateException("change " + change + " changed no row");
                    }
                }
            }
            if (tx.size() > 1) {
                c.commit();
            }
        }

        private static int seqOf(Connection c, int key) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("SELECT seq FROM counter WHERE id = ?")) {
                st.setInt(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }
        }

        private static void close(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the server is away
                }
            }
        }

        /** Stops a writer the test left early (it failed), so that nothing writes on. */
        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(10));
            }
        }

        void join() throws InterruptedException {
            if (!thread.join(Duration.ofSeconds(120))) {
                thread.interrupt();
                throw new AssertionError("the writer did not finish within 120 s; committed " + committed.size());
            }
        }
    }

    /** Reads {@code topic} from the start into {@code into} until {@code done} (90 s at most). */
    static void readUntil(String topic, List<Arrival> into, BooleanSupplier done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TestSluice.unique("cdc-outage-check"));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        into.add(new Arrival(CdcSourceTest.header(r, "ce_id"), r.key(),
                                Integer.parseInt(field(new String(r.value(), StandardCharsets.UTF_8), "seq"))));
                    }
                }
            }
        }
    }

    static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> column(PrivatePostgres pg, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static HttpResponse<String> health(TestSluice sluice) {
        try {
            return TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The route's consumer state in /api/routes ({@code status}, {@code detail}). */
    static JsonNode state(TestSluice sluice, String route) {
        return route(sluice, route).path("state");
    }

    /** The route's source status in /api/routes. */
    static JsonNode status(TestSluice sluice, String route) {
        return route(sluice, route).path("sourceStatus");
    }

    private static JsonNode route(TestSluice sluice, String name) {
        try {
            for (JsonNode route : JSON.readTree(sluice.get("/api/routes").body())) {
                if (route.path("name").asText().equals(name)) {
                    return route;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no route " + name);
    }

    /** Waits until the route's consumer state is {@code status}. */
    static void awaitState(TestSluice sluice, String route, String status, String what) throws InterruptedException {
        await(what, () -> status.equals(state(sluice, route).path("status").asText()));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        BridgeTest.await(what, condition);
    }
}
