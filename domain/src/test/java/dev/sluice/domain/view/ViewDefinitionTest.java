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
}
