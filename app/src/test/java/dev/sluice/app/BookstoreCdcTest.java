package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.domain.bookstore.Catalogue;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.EventLog;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scenario S4 with {@code sluice.bookstore.reference: cdc}, end to end on the real PostgreSQL (a database of
 * the test's own) and the shared embedded Kafka: Sluice creates and seeds the tables {@code book} and
 * {@code customer}, its two postgres-cdc routes carry them to the reference topics, and the views join them.
 * Then a customer moves to another city in the database, and the purchases that follow are enriched with
 * the new city and counted under it in {@code purchases-per-city}; the purchases before keep the old one.
 */
class BookstoreCdcTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCustomerWhoMovesInTheDatabaseMovesInTheAnalyticsOfThePurchasesThatFollow() throws Exception {
        String run = TestSluice.unique("s4cdc");
        String prefix = run + ".";
        try (TestPostgres db = TestPostgres.create("s4")) {
            Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("ingest"));
            p.put("sluice.broker", "kafka");
            p.put("sluice.kafka.bootstrap-servers", TestKafka.bootstrapServers());
            p.put("sluice.bookstore.topic-prefix", prefix);
            p.put("sluice.bookstore.reference", "cdc");
            p.put("sluice.bookstore.database.url", db.url);
            p.put("sluice.bookstore.database.username", TestPostgres.USER);
            p.put("sluice.bookstore.database.password", TestPostgres.PASSWORD);
            p.put("sluice.analytics.application-id", run + "-views");
            p.put("sluice.analytics.changes-topic-prefix", prefix + "view.");
            try (TestSluice sluice = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test", "s4"))) {
                assertEquals(List.of(String.valueOf(Catalogue.BOOKS)), db.column("SELECT count(*) FROM book"));
                assertEquals(List.of(String.valueOf(Catalogue.CUSTOMERS)), db.column("SELECT count(*) FROM customer"));
                BridgeTest.await("both CDC snapshots", () -> snapshotRows(sluice, "s4-book-cdc") == Catalogue.BOOKS
                        && snapshotRows(sluice, "s4-customer-cdc") == Catalogue.CUSTOMERS);

                // the first run: every purchase is enriched from the rows CDC carried
                simulate(sluice, 7, "2026-01-01T00:00:00Z");
                // a probe appended after the run is enriched after all of the run's purchases (one partition)
                Catalogue.Customer anyone = Catalogue.get().customers().get(0);
                probe(sluice, prefix, anyone);
                Map<String, JsonNode> before = withoutProbes(enriched(sluice));
                assertTrue(before.size() > 50, before.size() + " purchases enriched");
                before.values().forEach(r -> assertEquals(customerOf(r).city(), r.path("city").asText(), r.toString()));

                // Zurich's customers move, in the shop's database; then one of them changes country, the last change
                Set<Long> movers = new HashSet<>();
                Catalogue.get().customers().stream().filter(c -> c.city().equals("Zurich"))
                        .forEach(c -> movers.add(c.customerId()));
                Catalogue.Customer sentinel = Catalogue.get().customers().stream()
                        .filter(c -> movers.contains(c.customerId())).findFirst().orElseThrow();
                db.exec("UPDATE customer SET city = 'Atlantis' WHERE city = 'Zurich'",
                        "UPDATE customer SET country = 'Nowhere' WHERE \"customerId\" = " + sentinel.customerId());
                // a probe purchase (not counted per city: it has a packet) shows when the join has seen that last change
                BridgeTest.await("the move to reach the join", () -> "Nowhere".equals(probe(sluice, prefix, sentinel)));

                simulate(sluice, 8, "2026-01-02T00:00:00Z");
                Set<String> firstRun = new HashSet<>(before.keySet());
                probe(sluice, prefix, anyone);
                Map<String, JsonNode> after = withoutProbes(enriched(sluice));
                assertTrue(after.size() > before.size() + 50, after.size() + " purchases enriched after the second run");
                List<JsonNode> moved = new ArrayList<>();
                after.forEach((id, row) -> {
                    if (!firstRun.contains(id)) {
                        boolean mover = movers.contains(customerOf(row).customerId());
                        assertEquals(mover ? "Atlantis" : customerOf(row).city(), row.path("city").asText(), row.toString());
                        if (mover) {
                            moved.add(row);
                        }
                    }
                });
                assertFalse(moved.isEmpty(), "Zurich's customers bought in the second run");
                before.forEach((id, row) -> assertEquals(row.path("city").asText(), after.get(id).path("city").asText(),
                        "a purchase before the move keeps its city"));

                int atlantis = BridgeTest.awaitValue("Atlantis in purchases-per-city", () -> perCity(sluice, "Atlantis"),
                        n -> n > 0);
                assertTrue(atlantis <= moved.size(), atlantis + " purchases in Atlantis, of " + moved.size());
            }
        }
    }

    static void simulate(TestSluice sluice, int seed, String start) throws Exception {
        HttpResponse<String> started = sluice.post("/api/simulator/start", "application/json",
                "{\"seed\": " + seed + ", \"events\": 1500, \"rate\": 0, \"startTime\": \"" + start + "\"}");
        assertEquals(200, started.statusCode(), started.body());
        BridgeTest.await("the simulator run", () -> !json(sluice, "/api/simulator").path("running").asBoolean());
        JsonNode status = json(sluice, "/api/simulator");
        assertFalse(status.hasNonNull("error"), status.toString());
        assertFalse(status.path("counts").has("customer"), "with cdc the simulator writes no customers: " + status);
    }

    /** The catalogue's customer of an enriched row (by e-mail, which nobody changes). */
    static Catalogue.Customer customerOf(JsonNode row) {
        return Catalogue.get().customers().stream().filter(c -> c.email().equals(row.path("email").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no customer for " + row));
    }

    /** Appends a purchase of {@code who} with a packet and reads its enriched row's country. */
    static String probe(TestSluice sluice, String prefix, Catalogue.Customer who) {
        try {
            String id = "probe-" + UUID.randomUUID();
            Map<String, Object> purchase = new LinkedHashMap<>();
            purchase.put("purchaseId", id);
            purchase.put("customerId", who.customerId());
            purchase.put("bookIds", List.of(Catalogue.get().books().get(0).bookId()));
            purchase.put("totalAmount", 1);
            purchase.put("packet", "probe");
            EventLog log = sluice.server.getApplicationContext().getBean(EventLog.class);
            log.append(prefix + "purchase", List.of(new EventEnvelope(id, "/test/probe", "bookstore.purchase", null,
                    Instant.parse("2026-01-01T12:00:00Z"), "application/json", id, Map.of(),
                    JSON.writeValueAsBytes(purchase)))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            JsonNode row = BridgeTest.awaitValue("the probe's row", () -> enriched(sluice).get(id), r -> r != null);
            return row.path("country").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, JsonNode> withoutProbes(Map<String, JsonNode> rows) {
        Map<String, JsonNode> out = new LinkedHashMap<>(rows);
        out.keySet().removeIf(id -> id.startsWith("probe-"));
        return out;
    }

    /** purchase-enriched's rows by purchase id. */
    static Map<String, JsonNode> enriched(TestSluice sluice) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode row : json(sluice, "/api/views/purchase-enriched?limit=10000").path("rows")) {
            JsonNode value = row.has("value") ? row.get("value") : row;
            out.put(value.path("purchaseId").asText(), value);
        }
        return out;
    }

    static int perCity(TestSluice sluice, String city) {
        int sum = 0;
        for (JsonNode row : json(sluice, "/api/views/purchases-per-city?limit=10000").path("rows")) {
            if (row.toString().contains("\"" + city + "\"")) {
                sum += row.findValue("purchases").asInt();
            }
        }
        return sum;
    }

    static int snapshotRows(TestSluice sluice, String route) {
        for (JsonNode r : json(sluice, "/api/routes")) {
            if (r.path("name").asText().equals(route)) {
                return r.path("sourceStatus").path("snapshotRows").asInt();
            }
        }
        return -1;
    }

    static JsonNode json(TestSluice sluice, String path) {
        try {
            return JSON.readTree(sluice.get(path).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
