package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar with a postgres-cdc route to a webhook, killed with SIGKILL while changes are being
 * committed in the real PostgreSQL and delivered, then started again on the same data (the embedded Kafka
 * that holds the route's offsets on {@code sluice.cdc.offsets}). A ledger of every committed change
 * (row id and its version) against what the receiver got: none missing, each key's versions in order once
 * duplicates are removed, and the duplicates only a window around the kill (no second snapshot).
 */
class CdcCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROWS = 20;
    static final int CHANGES = 300;

    /** What the receiver got: the row's id and version, and the event's type, in arrival order. */
    record Arrival(long id, long version, String type) {}

    @Test
    void everyCommittedChangeArrivesAtLeastOnceInOrderPerKeyAcrossAKill() throws Exception {
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        AtomicLong delayMillis = new AtomicLong(20); // slow at first, so that changes are in flight at the kill
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/ledger", exchange -> {
            JsonNode row = JSON.readTree(exchange.getRequestBody().readAllBytes());
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            arrivals.add(new Arrival(row.path("id").asLong(), row.path("version").asLong(),
                    exchange.getRequestHeaders().getFirst("ce-type")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (TestPostgres db = TestPostgres.create("crash")) {
            db.exec("CREATE TABLE ledger (id bigint PRIMARY KEY, version bigint NOT NULL)");
            List<long[]> committed = new CopyOnWriteArrayList<>(); // {id, version} of every committed change
            for (int i = 0; i < ROWS; i++) {
                db.exec("INSERT INTO ledger VALUES (" + i + ", 0)");
                committed.add(new long[] {i, 0});
            }
            Path data = Files.createTempDirectory("sluice-cdc-crash");
            int port = SluiceProcess.freePort();
            String r = "--sluice.routes.ledger.";
            List<String> args = List.of(r + "source=postgres-cdc", r + "from=public.ledger",
                    r + "source-options.url=" + db.url, r + "source-options.username=" + TestPostgres.USER,
                    r + "source-options.password=" + TestPostgres.PASSWORD, r + "to=webhook",
                    r + "options.url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/ledger",
                    r + "retry.base-delay=100ms", r + "retry.max-delay=1s",
                    "--" + TestSluice.LOOPBACK_ALLOWED + "=" + TestSluice.LOOPBACK);
            SluiceProcess first = SluiceProcess.jar(data, port, CrashRecoveryIT.NO_DEMO, args).awaitHealthy();
            // the snapshot is the table at one point in time: what changes before it ends is in it, not before it
            BridgeTest.await("the snapshot", () -> snapshotDone(first));
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = Thread.ofPlatform().name("ledger-writer").start(() -> {
                Map<Long, Long> versions = new HashMap<>();
                try {
                    for (int i = 0; i < CHANGES; i++) {
                        long id;
                        long version;
                        if (i % 3 == 0) { // inserts of new rows between updates of the first ones
                            id = ROWS + i;
                            version = 0;
                            db.exec("INSERT INTO ledger VALUES (" + id + ", 0)");
                        } else {
                            id = i % ROWS;
                            version = versions.merge(id, 1L, Long::sum);
                            db.exec("UPDATE ledger SET version = " + version + " WHERE id = " + id);
                        }
                        committed.add(new long[] {id, version});
                        Thread.sleep(10);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    writing.set(false);
                }
            });
            SluiceProcess second = null;
            int beforeKill;
            try {
                BridgeTest.await("changes delivered before the kill", () -> arrivals.size() >= ROWS + 30);
                assertTrue(writing.get(), "killed while changes are still being committed");
            } finally {
                first.kill(); // SIGKILL: what was handed on but not committed to the offsets comes again
                beforeKill = arrivals.size();
            }
            try {
                Thread.sleep(500); // changes committed while Sluice is away wait in the replication slot
                delayMillis.set(0);
                second = SluiceProcess.jar(data, port, CrashRecoveryIT.NO_DEMO, args).awaitHealthy();
                writer.join(Duration.ofSeconds(120));
                Set<String> want = new TreeSet<>();
                committed.forEach(c -> want.add(c[0] + "@" + c[1]));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline && !received(arrivals).containsAll(want)) {
                    Thread.sleep(100);
                }
                Set<String> missing = new TreeSet<>(want);
                missing.removeAll(received(arrivals));
                int duplicates = arrivals.size() - received(arrivals).size();
                System.out.println("ledger kill -9 postgres-cdc: committed " + want.size() + ", delivered before the kill "
                        + beforeKill + ", delivered in all " + arrivals.size() + ", duplicates " + duplicates
                        + ", missing " + missing.size());
                assertEquals(Set.of(), missing, "every committed change reached the receiver; log: " + second.log());
                // per key in order: each id's versions, duplicates removed, as committed
                Map<Long, List<Long>> seen = new LinkedHashMap<>();
                Set<String> once = new HashSet<>();
                for (Arrival a : arrivals) {
                    if (once.add(a.id() + "@" + a.version())) {
                        seen.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a.version());
                    }
                }
                seen.forEach((id, versions) -> assertEquals(versions.stream().sorted().toList(), versions,
                        "the versions of row " + id + " in the order they were committed"));
                assertTrue(duplicates < want.size() / 2, duplicates + " duplicates: the restart resumed from its offset,"
                        + " it did not read everything again");
                assertEquals("ledger_created", arrivals.get(0).type());
                assertTrue(arrivals.stream().anyMatch(a -> "ledger_updated".equals(a.type())));
            } finally {
                writer.join(Duration.ofSeconds(60));
                if (second != null) {
                    second.stop();
                }
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static boolean snapshotDone(SluiceProcess sluice) {
        try {
            for (JsonNode route : JSON.readTree(sluice.get("/api/routes").body())) {
                if ("ledger".equals(route.path("name").asText())) {
                    return "done".equals(route.path("sourceStatus").path("snapshot").asText());
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> received(List<Arrival> arrivals) {
        Set<String> out = new HashSet<>();
        arrivals.forEach(a -> out.add(a.id() + "@" + a.version()));
        return out;
    }
}
