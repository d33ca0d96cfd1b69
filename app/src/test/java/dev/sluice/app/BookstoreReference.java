package dev.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each demo view of S4 must show, computed independently of Sluice: plain Java over the raw events
 * read back from the topics, following the documented semantics (event time, windows aligned to the
 * epoch, a window takes an event while the view's stream time is before its end plus grace; the stream
 * time of a view is the latest event time among the rows that reached its aggregation). Rows come out
 * canonical ({@link #canonical}), so that they compare with what the API returns as text.
 */
final class BookstoreReference {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A raw event: its topic's logical name, key, event time and payload. */
    record Raw(String topic, String key, long time, JsonNode data, boolean handMade) {}

    /** Rows of hand-made (late) events a view took and dropped, to check that a test covers both. */
    record Late(int taken, int dropped) {}

    private final Map<String, JsonNode> books = new LinkedHashMap<>();
    private final Map<String, JsonNode> customers = new LinkedHashMap<>();
    private final Map<String, List<Raw>> byTopic;
    final Map<String, Late> late = new TreeMap<>();

    /** @param byTopic the raw events of book, customer, interaction, purchase, payment, shipping, in log order */
    BookstoreReference(Map<String, List<Raw>> byTopic) {
        this.byTopic = byTopic;
        byTopic.getOrDefault("book", List.of()).forEach(r -> books.put(r.key(), r.data()));
        byTopic.getOrDefault("customer", List.of()).forEach(r -> customers.put(r.key(), r.data()));
    }

    private List<Raw> events(String topic) {
        return byTopic.getOrDefault(topic, List.of());
    }

    private static Map<String, Object> row(String key, Long start, Long size) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", key);
        if (start != null) {
            row.put("windowStart", Instant.ofEpochMilli(start).toString());
            row.put("windowEnd", Instant.ofEpochMilli(start + size).toString());
        }
        return row;
    }

    /** A tumbling window's fold over the rows (group, time, value) in order; returns canonical rows. */
    private interface Folder {
        Object add(Object state, JsonNode value);
    }

    private List<String> windowed(String view, List<Object[]> rows, long size, long grace, Object initial, Folder folder,
                                  java.util.function.Function<Object, Map<String, Object>> result) {
        long streamTime = Long.MIN_VALUE;
        Map<String, Object> states = new TreeMap<>();
        int taken = 0;
        int dropped = 0;
        for (Object[] r : rows) {
            String group = (String) r[0];
            long time = (Long) r[1];
            streamTime = Math.max(streamTime, time);
            long start = Math.floorDiv(time, size) * size;
            boolean open = streamTime < start + size + grace;
            if (r.length > 3 && Boolean.TRUE.equals(r[3])) { // a hand-made late event
                if (open) {
                    taken++;
                } else {
                    dropped++;
                }
            }
            if (!open) {
                continue;
            }
            String k = group + "\u0000" + String.format("%020d", start);
            states.put(k, folder.add(states.getOrDefault(k, initial), (JsonNode) r[2]));
        }
        late.put(view, new Late(taken, dropped));
        List<String> out = new ArrayList<>();
        states.forEach((k, state) -> {
            String[] parts = k.split("\u0000");
            Map<String, Object> row = row(parts[0], Long.parseLong(parts[1]), size);
            row.putAll(result.apply(state));
            out.add(canonical(JSON.valueToTree(row)));
        });
        return out;
    }

    /** Each category of a "view" interaction per 30 s, grace 1 min. */
    List<String> pageviewsCategories() {
        List<Object[]> rows = new ArrayList<>();
        for (Raw r : events("interaction")) {
            if ("view".equals(r.data().path("event").asText())) {
                r.data().path("categories").forEach(c -> rows.add(new Object[] {c.asText(), r.time(), r.data(), r.handMade()}));
            }
        }
        return windowed("pageviews-categories", rows, 30_000, 60_000, 0L, (s, v) -> (Long) s + 1,
                s -> Map.of("views", s));
    }

    /** Sum and count of payments per 5 s, grace 10 s. */
    List<String> paymentsPer5s() {
        List<Object[]> rows = new ArrayList<>();
        events("payment").forEach(r -> rows.add(new Object[] {"*", r.time(), r.data(), r.handMade()}));
        return windowed("payments-per-5s", rows, 5_000, 10_000, new long[] {0, 0}, (s, v) -> {
            long[] a = (long[]) s;
            return new long[] {a[0] + v.path("amount").asLong(), a[1] + 1};
        }, s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", ((long[]) s)[0]);
            m.put("payments", ((long[]) s)[1]);
            return m;
        });
    }

    /** Orders as placed (packet null) per customer city per 30 min; no customer, no group. */
    List<String> purchasesPerCity() {
        List<Object[]> rows = new ArrayList<>();
        for (Raw r : events("purchase")) {
            if (r.data().path("packet").isNull()) {
                JsonNode customer = customers.get(r.data().path("customerId").asText());
                if (customer != null && customer.hasNonNull("city")) {
                    rows.add(new Object[] {customer.get("city").asText(), r.time(), r.data()});
                }
            }
        }
        return windowed("purchases-per-city", rows, 1_800_000, 0, 0L, (s, v) -> (Long) s + 1,
                s -> Map.of("purchases", s));
    }

    /** Book revenue from prices, per hour, the top five. */
    List<String> topBooksByRevenue() {
        List<Object[]> rows = new ArrayList<>();
        for (Raw r : events("purchase")) {
            if (r.data().path("packet").isNull()) {
                r.data().path("bookIds").forEach(id -> rows.add(new Object[] {"*", r.time(), books.get(id.asText())}));
            }
        }
        return windowed("top-books-by-revenue", rows, 3_600_000, 0, new TreeMap<String, Long>(), (s, book) -> {
            TreeMap<String, Long> next = new TreeMap<>((TreeMap<String, Long>) s);
            next.merge(book.get("title").asText(), book.get("price").asLong(), Long::sum);
            return next;
        }, s -> {
            List<Map.Entry<String, Long>> ranked = new ArrayList<>(((TreeMap<String, Long>) s).entrySet());
            ranked.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<Map<String, Object>> top = new ArrayList<>();
            ranked.stream().limit(5).forEach(e -> top.add(Map.of("key", e.getKey(), "score", e.getValue())));
            return Map.of("top5", top);
        });
    }

    /** "view" interactions per book title, all time. */
    List<String> viewsPerBook() {
        Map<String, Long> counts = new TreeMap<>();
        for (Raw r : events("interaction")) {
            if ("view".equals(r.data().path("event").asText())) {
                counts.merge(books.get(r.data().path("id").asText()).get("title").asText(), 1L, Long::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((title, n) -> {
            Map<String, Object> row = row(title, null, null);
            row.put("views", n);
            out.add(canonical(JSON.valueToTree(row)));
        });
        return out;
    }

    /** The latest purchase over 30000 per purchase id, as it was. */
    List<String> bigPurchases() {
        Map<String, JsonNode> latest = new TreeMap<>();
        events("purchase").stream().filter(r -> r.data().path("totalAmount").asLong() > 30000)
                .forEach(r -> latest.put(r.key(), r.data()));
        List<String> out = new ArrayList<>();
        latest.forEach((key, data) -> {
            Map<String, Object> row = row(key, null, null);
            row.putAll(JSON.convertValue(data, Map.class));
            out.add(canonical(JSON.valueToTree(row)));
        });
        return out;
    }

    /** The latest purchase per purchase id with its customer's name, e-mail, city and country. */
    List<String> purchaseEnriched() {
        Map<String, JsonNode> latest = new TreeMap<>();
        events("purchase").forEach(r -> latest.put(r.key(), r.data()));
        List<String> out = new ArrayList<>();
        latest.forEach((key, data) -> {
            JsonNode c = customers.get(data.path("customerId").asText());
            Map<String, Object> row = row(key, null, null);
            row.put("purchaseId", data.get("purchaseId").asText());
            row.put("totalAmount", data.get("totalAmount").asLong());
            row.put("full_name", c.get("firstname").asText() + " " + c.get("lastname").asText());
            row.put("email", c.get("email").asText());
            row.put("city", c.get("city").asText());
            row.put("country", c.get("country").asText());
            out.add(canonical(JSON.valueToTree(row)));
        });
        return out;
    }

    /** Delivered count, average, median (nearest rank) and maximum delivery time, lost count. */
    String shippingSummary() {
        Map<String, Long> underway = new TreeMap<>();
        Map<String, Long> durations = new TreeMap<>();
        long lost = 0;
        for (Raw r : events("shipping")) {
            String packet = r.data().get("packet").asText();
            switch (r.data().get("status").asText()) {
                case "underway" -> underway.put(packet, r.time());
                case "delivered" -> durations.put(packet, r.time() - underway.get(packet));
                default -> lost++;
            }
        }
        List<Long> sorted = new ArrayList<>(durations.values());
        sorted.sort(Comparator.naturalOrder());
        long sum = sorted.stream().mapToLong(Long::longValue).sum();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("delivered", sorted.size());
        s.put("avgMs", BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(sorted.size()), MathContext.DECIMAL64));
        s.put("p50Ms", sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1));
        s.put("maxMs", sorted.get(sorted.size() - 1));
        s.put("lost", lost);
        return canonical(JSON.valueToTree(s));
    }

    /** The purchases without a payment: their ids, count and total amount. */
    List<String> outstanding() {
        Map<String, Long> placed = new TreeMap<>();
        for (Raw r : events("purchase")) {
            placed.putIfAbsent(r.key(), r.data().get("totalAmount").asLong());
        }
        events("payment").forEach(r -> placed.remove(r.data().get("purchaseId").asText()));
        long total = placed.values().stream().mapToLong(Long::longValue).sum();
        List<String> out = new ArrayList<>(placed.keySet());
        out.add("count=" + placed.size() + " total=" + total);
        return out;
    }

    /** A JSON value as text with numbers in one form (52, 52.0 and 5.2E1 alike) and object keys sorted. */
    static String canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n)));
            return "[" + String.join(",", items) + "]";
        }
        if (node.isObject()) {
            TreeMap<String, String> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), canonical(e.getValue())));
            return fields.toString();
        }
        return node.asText();
    }
}
