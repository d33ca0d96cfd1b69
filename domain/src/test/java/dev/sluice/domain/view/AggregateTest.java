package dev.sluice.domain.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateTest {

    private static Aggregate.ValueOf field(String name) {
        return row -> ((Map<?, ?>) row).get(name);
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    /** Folds the rows in, sending the state through a JSON-like round trip after each event. */
    private static Object fold(Aggregate aggregate, List<Map<String, Object>> rows, long... times) {
        Object state = asJson(aggregate.initial());
        for (int i = 0; i < rows.size(); i++) {
            state = asJson(aggregate.add(state, rows.get(i), times.length > i ? times[i] : i));
        }
        return aggregate.result(state);
    }

    /** What a JSON codec gives back: every number a BigDecimal, maps and lists copied. */
    private static Object asJson(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), asJson(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(asJson(v)));
            return out;
        }
        return value;
    }

    @Test
    void countCountsEventsWhateverTheyHold() {
        assertEquals(3L, fold(new Aggregate.Count("views"), List.of(row(), row("x", null), row("x", 1))));
        assertEquals(0L, fold(new Aggregate.Count("views"), List.of()));
    }

    @Test
    void sumIsExactAndSkipsWhatIsNotANumber() {
        Aggregate sum = new Aggregate.Sum("amount", field("amount"));

        assertEquals(new BigDecimal("0.30"), fold(sum, List.of(row("amount", 0.1), row("amount", new BigDecimal("0.20")))));
        assertEquals(new BigDecimal("4500"), fold(sum, List.of(row("amount", 1500L), row("amount", null),
                row("amount", "lots"), row("amount", 3000))));
    }

    @Test
    void avgDividesTheExactSumByTheNumbersCounted() {
        Aggregate avg = new Aggregate.Avg("avgSeconds", field("s"));

        assertEquals(new BigDecimal("2.5"), fold(avg, List.of(row("s", 1), row("s", 4), row("s", null))));
        assertEquals(new BigDecimal("0.3333333333333333"), fold(avg, List.of(row("s", 1), row("s", 0), row("s", 0))));
        assertNull(fold(avg, List.of(row("s", "n/a"))), "no numbers: no average");
    }

    @Test
    void minAndMaxCompareNumbersByValueAndTextByCharacters() {
        List<Map<String, Object>> rows = List.of(row("v", 10), row("v", 9.5), row("v", new BigDecimal("100")), row("v", null));

        assertEquals(new BigDecimal("9.5"), fold(Aggregate.min("min", field("v")), rows));
        assertEquals(new BigDecimal("100"), fold(Aggregate.max("max", field("v")), rows));
        assertEquals("apple", fold(Aggregate.min("first", field("t")), List.of(row("t", "pear"), row("t", "apple"))));
        assertNull(fold(Aggregate.max("max", field("v")), List.of()));
    }

    @Test
    void topKRanksKeysByTheirSummedScoreLargestFirstTiesByKey() {
        Aggregate top2 = new Aggregate.TopK("topBooks", field("title"), field("price"), 2);
        List<Map<String, Object>> rows = List.of(
                row("title", "Dune", "price", 1200), row("title", "Emma", "price", 900),
                row("title", "Dune", "price", 1200), row("title", "Ulysses", "price", 2400),
                row("title", "Emma", "price", 1500), row("title", null, "price", 99999));

        assertEquals(List.of(Map.of("key", "Dune", "score", new BigDecimal("2400")),
                Map.of("key", "Emma", "score", new BigDecimal("2400"))), fold(top2, rows),
                "Ulysses ties at 2400 too, and comes after Dune and Emma by name");
        assertThrows(IllegalArgumentException.class, () -> new Aggregate.TopK("t", field("a"), field("b"), 0));
    }

    @Test
    void latestIsTheValueOfTheLatestEventTimeNotOfTheLastArrival() {
        Aggregate latest = new Aggregate.Latest("status", field("status"));

        assertEquals("delivered", fold(latest, List.of(row("status", "underway"), row("status", "delivered"),
                row("status", "late arrival from before")), 100, 200, 150));
        assertEquals("second", fold(latest, List.of(row("status", "first"), row("status", "second")), 100, 100),
                "of equal times the one that came last");
    }

    @Test
    void percentileIsTheNearestRankAndSkipsWhatIsNotANumber() {
        Aggregate median = new Aggregate.Percentile("p50", field("ms"), 50);
        Aggregate p90 = new Aggregate.Percentile("p90", field("ms"), 90);
        List<Map<String, Object>> rows = List.of(row("ms", 40), row("ms", 10), row("ms", "n/a"), row("ms", 30), row("ms", 20));

        assertEquals(new BigDecimal("20"), fold(median, rows), "p50 of 10, 20, 30, 40 is 20");
        assertEquals(new BigDecimal("40"), fold(p90, rows));
        assertEquals(new BigDecimal("7"), fold(median, List.of(row("ms", 7))));
        assertNull(fold(median, List.of(row("ms", null))));
        assertThrows(IllegalArgumentException.class, () -> new Aggregate.Percentile("p", field("ms"), 0));
        assertThrows(IllegalArgumentException.class, () -> new Aggregate.Percentile("p", field("ms"), 101));
    }

    @Test
    void aggregateNamesMustBeFieldNames() {
        assertThrows(IllegalArgumentException.class, () -> new Aggregate.Count("two words"));
        assertThrows(IllegalArgumentException.class, () -> new Aggregate.Sum("", field("x")));
    }
}
