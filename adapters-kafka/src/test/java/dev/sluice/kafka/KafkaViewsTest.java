package dev.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.StreamingViews;
import dev.sluice.ports.out.StreamingViews.Fold;
import dev.sluice.ports.out.StreamingViews.Lookup;
import dev.sluice.ports.out.StreamingViews.Plan;
import dev.sluice.ports.out.StreamingViews.Row;
import dev.sluice.ports.out.StreamingViews.RowQuery;
import dev.sluice.ports.out.StreamingViews.Windowing;
import dev.sluice.ports.out.Subscription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Views on Kafka Streams against the shared embedded broker, with plans written out by hand (the
 * domain's rules are not the adapter's business): event-time windows with late events inside and outside
 * the grace period, joins with a reference table, a stream view's changes topic, and a restart that keeps
 * the state.
 */
class KafkaViewsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonCodec JSON = new JsonCodec() {
        @Override
        public byte[] encode(Object tree) {
            try {
                return MAPPER.writeValueAsBytes(tree);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public Object decode(byte[] json) {
            try {
                return MAPPER.readValue(json, Object.class);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
    };
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static KafkaBroker broker;
    private static KafkaSettings settings;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() throws Exception {
        settings = KafkaSettings.from(Map.of("bootstrap-servers", SharedKafka.get().bootstrapServers(),
                "replication-factor", "1"), null);
        broker = new KafkaBroker(settings, null, Files.createTempDirectory("sluice-views"));
    }

    @AfterAll
    static void disconnect() {
        broker.close();
    }

    private static String topic(String name) {
        return "views-" + RUN + "-" + name;
    }

    private static void append(String topic, String key, long offsetSeconds, Map<String, Object> data) throws Exception {
        EventEnvelope e = new EventEnvelope(UUID.randomUUID().toString(), "/test", "test.event", null,
                T0.plusSeconds(offsetSeconds), "application/json", key, Map.of(), JSON.encode(data));
        broker.eventLog().append(topic, List.of(e)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Fold count() {
        return new Fold() {
            @Override
            public Object initial() {
                return 0;
            }

            @Override
            public Object add(Object state, Object row, long time) {
                return ((Number) state).longValue() + 1;
            }

            @Override
            public Map<String, Object> result(Object state) {
                return Map.of("count", ((Number) state).longValue());
            }
        };
    }

    private static String field(Object row, String name) {
        Object v = ((Map<?, ?>) row).get(name);
        return v == null ? null : String.valueOf(v);
    }

    private KafkaViews start(Path stateDir, String app, List<Plan> plans) {
        return new KafkaViews(settings, broker.topics(), broker.admin(), stateDir, plans, JSON, app, "exactly_once_v2");
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = read.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException notYet) {
                // not queryable yet
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static String counts(List<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.key() + "@" + (r.windowStart() == null ? "-" : Instant.ofEpochMilli(r.windowStart())
                .toString().substring(11, 19)) + "=" + ((Map<?, ?>) r.columns()).get("count")));
        return String.join(" ", out);
    }

    @Test
    void windowsCountByEventTimeAndTakeLateEventsOnlyWithinTheirGrace() throws Exception {
        String clicks = topic("clicks");
        // stream time reaches 12s, then a late event for [0,10) comes within its grace (10 + 5 > 12); after
        // stream time 20 another late one for [0,10) is dropped (10 + 5 <= 20)
        append(clicks, "k1", 0, Map.of("category", "a"));
        append(clicks, "k2", 1, Map.of("category", "a"));
        append(clicks, "k3", 2, Map.of("category", "b"));
        append(clicks, "k4", 12, Map.of("category", "a"));
        append(clicks, "k5", 3, Map.of("category", "a"));
        append(clicks, "k6", 20, Map.of("category", "a"));
        append(clicks, "k7", 4, Map.of("category", "a"));
        append(clicks, "k8", 21, Map.of("nocategory", "x")); // no group: left out, but moves stream time on
        Plan perCategory = new Plan("per-category-" + RUN, List.of(clicks), in -> List.of(in.data()), List.of(), null,
                row -> field(row, "category"),
                new Windowing(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofDays(1)),
                count(), topic("per-category-changes"));
        Path state = Files.createTempDirectory("views-state");
        try (KafkaViews views = start(state, "views-test-" + RUN + "-windows", List.of(perCategory))) {
            String expected = "a@00:00:00=3 a@00:00:10=1 a@00:00:20=1 b@00:00:00=1";
            List<Row> rows = await(() -> views.rows(perCategory.name(), new RowQuery(null, null, null, 100)),
                    r -> counts(r).equals(expected));
            assertEquals(expected, counts(rows));
            assertEquals("a@00:00:10=1", counts(views.rows(perCategory.name(), new RowQuery("a",
                    T0.plusSeconds(10).toEpochMilli(), T0.plusSeconds(20).toEpochMilli(), 100))), "from/to select windows");
            assertEquals(T0.plusSeconds(10).toEpochMilli(), rows.get(0).windowEnd());
            assertThrows(IllegalArgumentException.class, () -> views.rows("nope", new RowQuery(null, null, null, 1)));
        }
    }

    @Test
    void hoppingWindowsTakeAnEventInEachWindowThatHoldsIt() throws Exception {
        String views = topic("hops");
        append(views, "k1", 1, Map.of("page", "home"));   // windows [-10,10) [-5,5) [0,10)... of 10 s every 5 s
        append(views, "k2", 6, Map.of("page", "home"));
        append(views, "k3", 12, Map.of("page", "home"));
        Plan hops = new Plan("hops-" + RUN, List.of(views), in -> List.of(in.data()), List.of(), null,
                row -> field(row, "page"),
                new Windowing(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, Duration.ofDays(1)),
                count(), topic("hops-changes"));
        try (KafkaViews running = start(Files.createTempDirectory("views-state"), "views-test-" + RUN + "-hops",
                List.of(hops))) {
            // 1s is in [-5s,5s) and [0s,10s); 6s in [0s,10s) and [5s,15s); 12s in [5s,15s) and [10s,20s)
            String expected = "home@23:59:55=1 home@00:00:00=2 home@00:00:05=2 home@00:00:10=1";
            assertEquals(expected, counts(await(() -> running.rows(hops.name(), new RowQuery(null, null, null, 100)),
                    r -> counts(r).equals(expected))));
        }
    }

    @Test
    void rowsJoinAReferenceTableOnAnyFieldLeftOrInner() throws Exception {
        String customers = topic("customer");
        String purchases = topic("purchase");
        append(customers, "1", 0, Map.of("city", "Bern"));
        append(customers, "2", 0, Map.of("city", "Basel"));
        append(purchases, "p1", 1, Map.of("customerId", 1, "amount", 10));
        append(purchases, "p2", 2, Map.of("customerId", 2, "amount", 20));
        append(purchases, "p3", 3, Map.of("customerId", 9, "amount", 30)); // no such customer
        append(purchases, "p4", 4, Map.of("customerId", 1, "amount", 40));
        java.util.function.BiFunction<Object, Object, Object> addCustomer = (row, match) -> {
            Map<String, Object> joined = new LinkedHashMap<>((Map<String, Object>) row);
            joined.put("customer", match);
            return joined;
        };
        Plan perCity = new Plan("per-city-" + RUN, List.of(purchases), in -> List.of(in.data()),
                List.of(new Lookup(customers, row -> field(row, "customerId"), false, addCustomer)), null,
                row -> {
                    Object c = ((Map<?, ?>) row).get("customer");
                    return c == null ? "unknown" : field(c, "city");
                }, null, count(), topic("per-city-changes"));
        Plan enriched = new Plan("enriched-" + RUN, List.of(purchases), in -> List.of(in.data()),
                List.of(new Lookup(customers, row -> field(row, "customerId"), true, addCustomer)),
                row -> Map.of("amount", ((Map<?, ?>) row).get("amount"), "city", field(((Map<?, ?>) row).get("customer"), "city")),
                null, null, null, topic("enriched"));
        Path state = Files.createTempDirectory("views-state");
        List<LoggedEvent> changes = new CopyOnWriteArrayList<>();
        try (KafkaViews views = start(state, "views-test-" + RUN + "-joins", List.of(perCity, enriched));
             Subscription tail = broker.eventLog().tail(enriched.changesTopic(), StartAt.earliest(), changes::add)) {
            String expected = "Basel@-=1 Bern@-=2 unknown@-=1";
            assertEquals(expected, counts(await(() -> views.rows(perCity.name(), new RowQuery(null, null, null, 100)),
                    r -> counts(r).equals(expected))), "a left join keeps p3 without a customer");
            List<Row> rows = await(() -> views.rows(enriched.name(), new RowQuery(null, null, null, 100)), r -> r.size() == 3);
            assertEquals(List.of("p1", "p2", "p4"), rows.stream().map(Row::key).toList(), "an inner join drops p3");
            assertEquals(Map.of("amount", 40, "city", "Bern"), rows.get(2).columns());
            assertEquals(List.of(Map.of("key", "p2", "amount", 20, "city", "Basel")),
                    views.rows(enriched.name(), new RowQuery("p2", null, null, 10)).stream().map(Row::toJson).toList());
            await(() -> changes.size(), n -> n >= 3);
            assertEquals(3, changes.size(), "one change per joined purchase on the changes topic");
            LoggedEvent first = changes.get(0);
            assertEquals(KafkaViews.ROW_TYPE, first.event().type());
            assertEquals(Map.of("key", "p1", "amount", 10, "city", "Bern"), JSON.decode(first.event().payload()));
        }
    }

    @Test
    void aRestartKeepsTheStateAndGoesOnCounting() throws Exception {
        String payments = topic("payment");
        Plan total = new Plan("total-" + RUN, List.of(payments), in -> List.of(in.data()), List.of(), null,
                row -> "all", null, count(), topic("total-changes"));
        Path state = Files.createTempDirectory("views-state");
        String app = "views-test-" + RUN + "-restart";
        for (int i = 0; i < 5; i++) {
            append(payments, "t" + i, i, Map.of("amount", i));
        }
        try (KafkaViews views = start(state, app, List.of(total))) {
            assertEquals("all@-=5", counts(await(() -> views.rows(total.name(), new RowQuery(null, null, null, 10)),
                    r -> counts(r).equals("all@-=5"))));
        }
        for (int i = 5; i < 8; i++) {
            append(payments, "t" + i, i, Map.of("amount", i));
        }
        try (KafkaViews views = start(state, app, List.of(total))) {
            List<Row> rows = await(() -> views.rows(total.name(), new RowQuery(null, null, null, 10)),
                    r -> counts(r).equals("all@-=8"));
            assertEquals("all@-=8", counts(rows), "5 kept, 3 more counted, none twice");
        }
        Path fresh = Files.createTempDirectory("views-state-new-instance");
        try (KafkaViews views = start(fresh, app, List.of(total))) {
            List<Row> rows = await(() -> views.rows(total.name(), new RowQuery(null, null, null, 10)),
                    r -> counts(r).equals("all@-=8"));
            assertEquals("all@-=8", counts(rows), "a new instance restores the store from its changelog");
            assertTrue(views.status().state().equals("RUNNING"), views.status().toString());
        }
    }
}
