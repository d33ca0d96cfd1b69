package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.app.BookstoreReference.Raw;
import dev.sluice.domain.bookstore.Catalogue;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario S4 end to end on the real (shared, embedded) Kafka with the demo view file
 * ({@code routes/s4-bookstore.yml}): the simulator writes a seeded run, two late events per windowed
 * view follow by hand (one within its grace, one past it), and every view's rows must equal what
 * {@link BookstoreReference} computes from the raw events read back from the topics. Then Sluice restarts
 * and every view shows the same rows again; the push and topic streams carry the same data.
 */
class BookstoreViewsTest {

    private static final String START = "2026-01-01T00:00:00Z";
    private static final int EVENTS = 3000;
    private static final String LATE = "/test/late";
    private static final List<String> TOPICS = List.of("book", "customer", "interaction", "purchase", "payment", "shipping");
    private static String prefix;
    private static Map<String, Object> properties;
    private static TestSluice sluice;
    private static BookstoreReference reference;

    @BeforeAll
    static void runTheSimulatorAndAddLateEvents() throws Exception {
        String run = TestSluice.unique("s4v");
        prefix = run + ".";
        properties = TestSluice.baseProperties(TestSluice.unique("ingest"));
        properties.put("sluice.broker", "kafka"); // views need Kafka Streams, whatever broker the S1 runs test
        properties.put("sluice.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        properties.put("sluice.bookstore.topic-prefix", prefix);
        properties.put("sluice.analytics.application-id", run + "-views");
        properties.put("sluice.analytics.changes-topic-prefix", prefix + "view.");
        sluice = start();
        HttpResponse<String> started = sluice.post("/api/simulator/start", "application/json",
                "{\"seed\": 7, \"events\": " + EVENTS + ", \"rate\": 0, \"startTime\": \"" + START + "\"}");
        assertEquals(200, started.statusCode(), started.body());
        JsonNode status = json(sluice.get("/api/simulator"));
        for (int i = 0; i < 600 && status.get("running").asBoolean(); i++) {
            Thread.sleep(100);
            status = json(sluice.get("/api/simulator"));
        }
        assertFalse(status.get("running").asBoolean(), status.toString());
        assertFalse(status.hasNonNull("error"), status.toString());

        Map<String, List<Raw>> raw = readAll(status.get("counts"), Map.of());
        long lastView = raw.get("interaction").stream().mapToLong(Raw::time).max().orElseThrow();
        long lastPayment = raw.get("payment").stream().mapToLong(Raw::time).max().orElseThrow();
        Catalogue.Book book = Catalogue.get().books().get(0);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", book.bookId());
        view.put("customerId", 1);
        view.put("event", "view");
        view.put("categories", book.categories());
        append("interaction", book.bookId(), lastView - 40_000, view);           // within the minute of grace
        append("interaction", book.bookId(), lastView - 300_000, view);          // past it
        append("payment", "t-late-1", lastPayment - 7_000, Map.of("transactionId", "t-late-1", "purchaseId", firstPurchase(raw),
                "amount", 123));                                                // within 10 s of grace
        append("payment", "t-late-2", lastPayment - 60_000, Map.of("transactionId", "t-late-2", "purchaseId", "p-unknown",
                "amount", 456));                                                // past it
        reference = new BookstoreReference(readAll(status.get("counts"), Map.of("interaction", 2, "payment", 2)));
    }

    private static String firstPurchase(Map<String, List<Raw>> raw) {
        return raw.get("purchase").get(0).key();
    }

    private static TestSluice start() {
        Map<String, Object> p = new HashMap<>(properties);
        return TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test", "s4"));
    }

    @AfterAll
    static void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return BookstoreReference.JSON.readTree(response.body());
    }

    private static void append(String topic, String key, long time, Map<String, Object> data) throws Exception {
        EventLog log = sluice.server.getApplicationContext().getBean(EventLog.class);
        EventEnvelope e = new EventEnvelope(UUID.randomUUID().toString(), LATE, "bookstore." + topic, null,
                Instant.ofEpochMilli(time), "application/json", key, Map.of(),
                BookstoreReference.JSON.writeValueAsBytes(data));
        log.append(prefix + topic, List.of(e)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Every topic from its beginning, once it holds what the simulator counted (and {@code extra} more). */
    private static Map<String, List<Raw>> readAll(JsonNode counts, Map<String, Integer> extra) throws Exception {
        EventLog log = sluice.server.getApplicationContext().getBean(EventLog.class);
        Map<String, List<Raw>> all = new LinkedHashMap<>();
        for (String topic : TOPICS) {
            int want = counts.path(topic).asInt() + extra.getOrDefault(topic, 0);
            List<Raw> got = new CopyOnWriteArrayList<>();
            try (Subscription ignored = log.tail(prefix + topic, StartAt.earliest(), (LoggedEvent e) -> got.add(new Raw(
                    topic, e.event().key(), e.event().time().toEpochMilli(), readTree(e.event().payload()),
                    e.event().source().equals(LATE))))) {
                for (int i = 0; i < 300 && got.size() < want; i++) {
                    Thread.sleep(50);
                }
                Thread.sleep(topic.equals("book") || topic.equals("customer") ? 500 : 0); // the catalogue is written twice
            }
            assertTrue(got.size() >= want, topic + ": " + got.size() + " of " + want);
            all.put(topic, new ArrayList<>(got));
        }
        return all;
    }

    private static JsonNode readTree(byte[] bytes) {
        try {
            return BookstoreReference.JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The view's rows as canonical text, as the pull query returns them. */
    private static List<String> rows(String view) throws Exception {
        HttpResponse<String> response = sluice.get("/api/views/" + view + "?limit=10000");
        if (response.statusCode() != 200) {
            return List.of("HTTP " + response.statusCode() + ": " + response.body());
        }
        List<String> out = new ArrayList<>();
        json(response).get("rows").forEach(r -> out.add(BookstoreReference.canonical(r)));
        return out;
    }

    private static <T> T eventually(Supplier<T> actual, T expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        T last = actual.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = actual.get();
        }
        return last;
    }

    private static Supplier<List<String>> rowsOf(String view) {
        return () -> {
            try {
                return rows(view);
            } catch (Exception e) {
                return List.of(e.toString());
            }
        };
    }

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> views = new LinkedHashMap<>();
        views.put("pageviews-categories", reference.pageviewsCategories());
        views.put("payments-per-5s", reference.paymentsPer5s());
        views.put("purchases-per-city", reference.purchasesPerCity());
        views.put("top-books-by-revenue", reference.topBooksByRevenue());
        views.put("views-per-book", reference.viewsPerBook());
        views.put("big-purchases", reference.bigPurchases());
        views.put("purchase-enriched", reference.purchaseEnriched());
        return views;
    }

    private static String summary(String view) {
        try {
            return BookstoreReference.canonical(json(sluice.get("/api/views/" + view)).get("summary"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<String> outstanding() {
        try {
            JsonNode body = json(sluice.get("/api/views/outstanding-payments?limit=10000"));
            List<String> out = new ArrayList<>();
            body.get("rows").forEach(r -> out.add(r.get("purchaseId").asText()));
            out.add("count=" + body.get("summary").get("count").asLong() + " total="
                    + body.get("summary").get("totalAmount").decimalValue().toBigInteger());
            return out;
        } catch (Exception e) {
            return List.of(e.toString());
        }
    }

    private static void assertEveryView(String when) throws InterruptedException {
        for (Map.Entry<String, List<String>> view : expected().entrySet()) {
            assertFalse(view.getValue().isEmpty(), view.getKey() + ": the reference has rows");
            assertEquals(view.getValue(), eventually(rowsOf(view.getKey()), view.getValue()), when + ": " + view.getKey());
        }
        String shipping = reference.shippingSummary();
        assertEquals(shipping, eventually(() -> summary("shipping-times"), shipping), when + ": shipping-times");
        List<String> outstanding = reference.outstanding();
        assertEquals(outstanding, eventually(BookstoreViewsTest::outstanding, outstanding), when + ": outstanding-payments");
    }

    @Test
    void everyViewEqualsItsIndependentComputationAndSurvivesARestart() throws Exception {
        assertEveryView("after the run");
        int categories = Catalogue.get().books().get(0).categories().size(); // a view counts once per category
        assertEquals(new BookstoreReference.Late(categories, categories), reference.late.get("pageviews-categories"),
                "one late view within the grace, one past it");
        assertEquals(new BookstoreReference.Late(1, 1), reference.late.get("payments-per-5s"),
                "one late payment within the grace, one past it");

        sluice.close();
        sluice = start();
        assertEveryView("after a restart");
    }

    @Test
    void viewsAreListedWithTheirDefinitionAndState() throws Exception {
        JsonNode views = json(sluice.get("/api/views"));
        List<String> names = new ArrayList<>();
        views.forEach(v -> names.add(v.get("name").asText()));
        assertEquals(List.of("big-purchases", "pageviews-categories", "payments-per-5s", "purchase-enriched",
                "purchases-per-city", "top-books-by-revenue", "views-per-book", "outstanding-payments", "shipping-times"), names);
        JsonNode pageviews = views.get(1);
        assertEquals("aggregate", pageviews.get("kind").asText());
        assertEquals(prefix + "interaction", pageviews.get("from").get(0).asText());
        assertEquals("tumbling 30s, grace 1m", pageviews.get("window").asText());
        assertTrue(pageviews.get("definition").toString().contains("explode: categories as category"), pageviews.toString());
        assertEquals(prefix + "purchase-enriched", views.get(3).get("changesTopic").asText());
        assertEquals("coded", views.get(8).get("kind").asText());
    }

    @Test
    void queriesSelectWindowsAndKeysAndRefuseNonsense() throws Exception {
        eventually(rowsOf("payments-per-5s"), expected().get("payments-per-5s"));
        List<String> all = rows("payments-per-5s");
        JsonNode first = json(sluice.get("/api/views/payments-per-5s?limit=1")).get("rows").get(0);
        String from = first.get("windowStart").asText();
        String to = Instant.parse(from).plusSeconds(10).toString();
        JsonNode two = json(sluice.get("/api/views/payments-per-5s?from=" + from + "&to=" + to)).get("rows");
        assertTrue(two.size() >= 1 && two.size() <= 2, two.toString());
        two.forEach(r -> assertTrue(!Instant.parse(r.get("windowStart").asText()).isBefore(Instant.parse(from))
                && Instant.parse(r.get("windowStart").asText()).isBefore(Instant.parse(to)), r.toString()));
        assertEquals(all.subList(0, two.size()), List.of(two).stream().flatMap(n -> {
            List<String> c = new ArrayList<>();
            n.forEach(r -> c.add(BookstoreReference.canonical(r)));
            return c.stream();
        }).toList());
        JsonNode fantasy = json(sluice.get("/api/views/views-per-book?key=" + java.net.URLEncoder.encode(
                Catalogue.get().books().get(0).title(), java.nio.charset.StandardCharsets.UTF_8))).get("rows");
        assertEquals(1, fantasy.size(), fantasy.toString());

        JsonNode none = json(sluice.get("/api/views/payments-per-5s?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z"));
        assertTrue(none.get("rows").isArray() && none.get("rows").isEmpty(), "no rows is an empty list: " + none);

        HttpResponse<String> badTime = sluice.get("/api/views/payments-per-5s?from=yesterday&limit=0");
        assertEquals(400, badTime.statusCode(), badTime.body());
        assertEquals("application/problem+json", badTime.headers().firstValue("Content-Type").orElse(""));
        assertTrue(badTime.body().contains("/from") && badTime.body().contains("/limit"), badTime.body());
        HttpResponse<String> noWindows = sluice.get("/api/views/views-per-book?from=" + from);
        assertEquals(400, noWindows.statusCode(), noWindows.body());
        HttpResponse<String> unknown = sluice.get("/api/views/nope");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(404, sluice.get("/api/views/nope/stream").statusCode());
    }

    @Test
    void theChangesStreamAndTheTopicStreamCarryTheData() throws Exception {
        List<String> expectedRows = eventually(rowsOf("payments-per-5s"), expected().get("payments-per-5s"));
        try (SseClient changes = SseClient.connect(sluice.uri("/api/views/payments-per-5s/stream?from=earliest"), null)) {
            // every window's last change is its current row
            Map<String, String> latest = new java.util.TreeMap<>();
            List<SseClient.Event> events = changes.awaitUntil(e -> {
                JsonNode row = readTree(e.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                latest.put(row.get("key").asText() + row.get("windowStart").asText(), BookstoreReference.canonical(row));
                return latest.size() == expectedRows.size() && new ArrayList<>(latest.values()).equals(expectedRows);
            });
            assertEquals(expectedRows, new ArrayList<>(latest.values()));
            assertEquals("sluice.view.row", events.get(0).type());
        }
        try (SseClient topic = SseClient.connect(sluice.uri("/api/topics/" + prefix + "payment/stream?from=earliest"), null)) {
            List<SseClient.Event> events = topic.await(3);
            assertEquals("bookstore.payment", events.get(0).type());
            assertTrue(events.get(0).data().matches(".*\"transactionId\":\"t-[0-9a-f]{6}-000001\".*"), events.get(0).data());
        }
        JsonNode topics = json(sluice.get("/api/topics"));
        Map<String, Long> counts = new HashMap<>();
        topics.forEach(t -> counts.put(t.get("name").asText(), t.get("records").asLong()));
        JsonNode simulated = json(sluice.get("/api/simulator")).get("counts");
        assertEquals(simulated.get("shipping").asLong(), counts.get(prefix + "shipping"));
        assertEquals(simulated.get("payment").asLong() + 2, counts.get(prefix + "payment"), "with the two late ones");
        assertFalse(counts.keySet().stream().anyMatch(t -> t.endsWith("-changelog") || t.endsWith("-repartition")),
                counts.toString());
        HttpResponse<String> badTopic = sluice.get("/api/topics/" + URI.create("a%20b").getRawPath() + "/stream");
        assertEquals(400, badTopic.statusCode(), badTopic.body());
    }
}
