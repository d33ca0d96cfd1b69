package dev.sluice.domain.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.domain.view.ViewDefinition.Join;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewDefinitionTest {

    private static final Aggregate.ValueOf CATEGORY = row -> ((Map<?, ?>) row).get("category");
    private static final Window THIRTY_SECONDS = Window.tumbling(Duration.ofSeconds(30), Duration.ZERO);

    private static ViewDefinition view(String name, Aggregate.ValueOf groupBy, Window window, List<Aggregate> aggregates,
                                       List<Join> joins, String to) {
        return new ViewDefinition(name, "interaction", null, null, joins, null, groupBy, window, aggregates, to, List.of());
    }

    @Test
    void anAggregateViewGroupsByItsExpressionAndLeavesOutEventsWithoutAGroup() {
        ViewDefinition perCategory = view("pageviews-categories", CATEGORY, THIRTY_SECONDS,
                List.of(new Aggregate.Count("views")), List.of(), null);

        assertTrue(perCategory.isAggregate());
        assertEquals("fantasy", perCategory.groupOf(Map.of("category", "fantasy")));
        assertNull(perCategory.groupOf(Map.of()), "no category: left out");
        assertTrue(perCategory.accepts(Map.of()), "no where: every event counts");
    }

    @Test
    void withoutGroupByEveryEventIsInOneGroup() {
        ViewDefinition payments = view("payments-per-5s", null, Window.tumbling(Duration.ofSeconds(5), Duration.ZERO),
                List.of(new Aggregate.Sum("amount", row -> ((Map<?, ?>) row).get("amount"))), List.of(), null);

        assertEquals(ViewDefinition.ONE_GROUP, payments.groupOf(Map.of("amount", 1)));
    }

    @Test
    void whereDecidesWhichEventsCount() {
        ViewDefinition big = new ViewDefinition("big-purchases", "purchase",
                row -> ((Number) ((Map<?, ?>) row).get("totalAmount")).longValue() > 30000, null, List.of(), null, null, null,
                List.of(), "big-purchase", List.of("where: totalAmount > 30000"));

        assertFalse(big.isAggregate());
        assertTrue(big.accepts(Map.of("totalAmount", 30001)));
        assertFalse(big.accepts(Map.of("totalAmount", 30000)));
        assertEquals(List.of("where: totalAmount > 30000"), big.description());
    }

    @Test
    void mistakesAreRefusedNamingWhatIsWrong() {
        List<Aggregate> count = List.of(new Aggregate.Count("n"));
        assertMessage("name", () -> view("no spaces", null, null, count, List.of(), null));
        assertMessage("'from'", () -> new ViewDefinition("v", " ", null, null, List.of(), null, null, null, count, null, List.of()));
        assertMessage("need at least one aggregate", () -> view("v", CATEGORY, null, List.of(), List.of(), null));
        assertMessage("need at least one aggregate", () -> view("v", null, THIRTY_SECONDS, List.of(), List.of(), null));
        assertMessage("reserved", () -> view("v", null, null, List.of(new Aggregate.Count("windowStart")), List.of(), null));
        assertMessage("two aggregates", () -> view("v", null, null,
                List.of(new Aggregate.Count("n"), new Aggregate.Count("n")), List.of(), null));
        Join customer = new Join("customer", Join.Kind.LEFT, row -> ((Map<?, ?>) row).get("customerId"), "customer");
        assertMessage("two joins", () -> view("v", null, null, count, List.of(customer, customer), null));
        assertMessage("another topic", () -> view("v", null, null, count, List.of(), "interaction"));
        assertMessage("'as'", () -> new Join("customer", Join.Kind.INNER, row -> row, "a-b"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable build) {
        String message = assertThrows(IllegalArgumentException.class, build).getMessage();
        assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
    }

    @Test
    void explodeGivesOneRowPerElementAndNoneForNothing() {
        ViewDefinition perCategory = new ViewDefinition("pageviews-categories", "interaction",
                row -> "view".equals(((Map<?, ?>) row).get("event")),
                new ViewDefinition.Explode(row -> ((Map<?, ?>) row).get("categories"), "category"), List.of(), null,
                CATEGORY, THIRTY_SECONDS, List.of(new Aggregate.Count("views")), null, List.of());

        List<Object> rows = perCategory.rowsOf(Map.of("event", "view", "categories", List.of("crime", "travel")));

        assertEquals(List.of("crime", "travel"), rows.stream().map(perCategory::groupOf).toList());
        assertEquals(List.of("crime", "travel"), ((Map<?, ?>) rows.get(0)).get("categories"), "the rest of the row stays");
        assertEquals(List.of("poetry"), perCategory.rowsOf(Map.of("event", "view", "categories", "poetry")).stream()
                .map(perCategory::groupOf).toList(), "a single value counts once");
        assertEquals(List.of(), perCategory.rowsOf(Map.of("event", "view", "categories", List.of())));
        assertEquals(List.of(), perCategory.rowsOf(Map.of("event", "view")), "no array: no row");
        assertEquals(List.of(), perCategory.rowsOf(Map.of("event", "cart", "categories", List.of("crime"))),
                "where comes first");
    }

    @Test
    void aJoinAddsTheMatchUnderItsNameAndSelectShapesAStreamViewsRow() {
        Join customer = new Join("customer", Join.Kind.LEFT, row -> ((Map<?, ?>) row).get("customerId"), "customer");
        ViewDefinition enriched = new ViewDefinition("purchase-enriched", "purchase", null, null, List.of(customer),
                row -> Map.of("city", String.valueOf(((Map<?, ?>) ((Map<?, ?>) row).get("customer")).get("city"))),
                null, null, List.of(), "purchase-enriched", List.of());

        Object joined = ViewDefinition.joined(Map.of("purchaseId", "p-1", "customerId", 7), customer, Map.of("city", "Bern"));

        assertEquals(Map.of("purchaseId", "p-1", "customerId", 7, "customer", Map.of("city", "Bern")), joined);
        assertEquals(Map.of("city", "Bern"), enriched.output(joined));
        assertEquals(java.util.Collections.singletonMap("customer", null),
                ViewDefinition.joined(Map.of(), customer, null), "a left join without a match adds null");
        assertEquals(List.of(Map.of("value", 42)), enriched.rowsOf(42), "a payload that is no object is seen as {value}");
        assertMessage("'select' shapes the rows of a stream view", () -> new ViewDefinition("v", "t", null, null, List.of(),
                row -> row, CATEGORY, null, List.of(new Aggregate.Count("n")), null, List.of()));
    }
}
