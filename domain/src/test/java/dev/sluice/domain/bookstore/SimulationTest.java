package dev.sluice.domain.bookstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.domain.bookstore.Simulation.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Event> run(long seed, int count) {
        Simulation simulation = new Simulation(seed, START);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(simulation.next());
        }
        return events;
    }

    @Test
    void theSameSeedGivesTheSameEventsAtTheSameTimes() {
        assertEquals(run(42, 3000), run(42, 3000));
        assertNotEquals(run(42, 300), run(43, 300));
    }

    @Test
    void theClockStartsAtTheStartTimeAndOnlyMovesOn() {
        List<Event> events = run(7, 5000);
        Instant previous = START;
        for (Event e : events) {
            long gap = e.time().toEpochMilli() - previous.toEpochMilli();
            assertTrue(gap >= 10 && gap <= 2000, "gap " + gap);
            previous = e.time();
        }
    }

    /** The workflow's rules, over a long run: a ledger per purchase and per packet. */
    @Test
    void nothingIsShippedBeforeItIsPaidAndEveryAmountIsTheSumOfItsBooks() {
        List<Event> events = run(42, 20000);
        Map<String, Long> placed = new HashMap<>();
        Set<String> paidPurchases = new HashSet<>();
        Map<String, String> packetOf = new HashMap<>();
        Map<String, List<String>> statuses = new TreeMap<>();
        Map<String, Integer> perTopic = new TreeMap<>();
        Set<String> viewedOrCarted = new HashSet<>();
        for (Event e : events) {
            perTopic.merge(e.topic(), 1, Integer::sum);
            Map<String, Object> f = e.fields();
            switch (e.topic()) {
                case Simulation.INTERACTION -> {
                    assertTrue(Set.of("view", "cart").contains(f.get("event")));
                    assertEquals(Catalogue.get().book((String) f.get("id")).categories(), f.get("categories"));
                    viewedOrCarted.add((String) f.get("event"));
                }
                case Simulation.PURCHASE -> {
                    String id = (String) f.get("purchaseId");
                    assertEquals(id, e.key());
                    @SuppressWarnings("unchecked")
                    List<String> books = (List<String>) f.get("bookIds");
                    long sum = books.stream().mapToLong(b -> Catalogue.get().book(b).price()).sum();
                    assertEquals(sum, f.get("totalAmount"), "totalAmount is the sum of the books' prices");
                    assertFalse(books.isEmpty());
                    if (f.get("packet") == null) {
                        assertNull(placed.put(id, sum), "placed once: " + id);
                    } else {
                        assertTrue(paidPurchases.contains(id), "shipped before it was paid: " + id);
                        assertEquals(placed.get(id), f.get("totalAmount"), "the update keeps the order");
                        assertNull(packetOf.put((String) f.get("packet"), id), "one packet per purchase");
                    }
                }
                case Simulation.PAYMENT -> {
                    String id = (String) f.get("purchaseId");
                    assertEquals(placed.get(id), f.get("amount"), "paid in full, after it was placed: " + id);
                    assertTrue(paidPurchases.add(id), "paid once: " + id);
                }
                case Simulation.SHIPPING -> {
                    String packet = (String) f.get("packet");
                    assertTrue(packetOf.containsKey(packet), "a status for a packet never assigned: " + packet);
                    statuses.computeIfAbsent(packet, p -> new ArrayList<>()).add((String) f.get("status"));
                }
                default -> throw new AssertionError("unexpected topic " + e.topic());
            }
        }
        for (Map.Entry<String, List<String>> s : statuses.entrySet()) {
            List<String> st = s.getValue();
            assertEquals("underway", st.get(0), s.getKey() + ": " + st);
            assertTrue(st.size() == 1 || st.size() == 2 && Set.of("delivered", "lost").contains(st.get(1)),
                    s.getKey() + ": " + st);
        }
        assertEquals(Set.copyOf(Simulation.TOPICS), perTopic.keySet(), "every topic is written: " + perTopic);
        assertEquals(Set.of("view", "cart"), viewedOrCarted);
        assertTrue(placed.size() > paidPurchases.size(), "some purchases stay unpaid");
        assertTrue(statuses.values().stream().anyMatch(s -> s.contains("lost")), "some packets get lost");
        assertTrue(statuses.values().stream().anyMatch(s -> s.contains("delivered")));
    }

    @Test
    void theCatalogueIsInventedAndTheSameEveryTime() {
        Catalogue catalogue = Catalogue.get();
        assertEquals(Catalogue.BOOKS, catalogue.books().size());
        assertEquals(Catalogue.CUSTOMERS, catalogue.customers().size());
        assertEquals(Catalogue.BOOKS, catalogue.books().stream().map(Catalogue.Book::title).distinct().count(),
                "titles are unique, so views per book by title count each book alone");
        assertTrue(catalogue.customers().stream().allMatch(c -> c.email().endsWith("@example.com")));
        assertTrue(catalogue.books().stream().allMatch(b -> b.price() >= 500 && b.price() <= 8000));
        assertEquals("bk-001", catalogue.books().get(0).bookId());
        assertEquals(catalogue.books().get(0), Catalogue.get().book("bk-001"));
    }

    @Test
    void runsWithOtherSettingsShareNoIdsAndTheSameSettingsGiveTheSameIds() {
        java.util.function.BiFunction<Long, Instant, java.util.Set<String>> ids = (seed, start) -> {
            Simulation simulation = new Simulation(seed, start);
            java.util.Set<String> out = new java.util.TreeSet<>();
            for (int i = 0; i < 2000; i++) {
                Event e = simulation.next();
                if (!e.topic().equals(Simulation.INTERACTION)) {
                    out.add(e.key());
                }
            }
            return out;
        };
        java.util.Set<String> first = ids.apply(42L, START);

        assertEquals(first, ids.apply(42L, START));
        java.util.Set<String> otherStart = ids.apply(42L, START.plusSeconds(3600));
        java.util.Set<String> otherSeed = ids.apply(43L, START);
        otherStart.retainAll(first);
        otherSeed.retainAll(first);
        assertEquals(java.util.Set.of(), otherStart, "a run that starts later reuses no purchase, payment or packet id");
        assertEquals(java.util.Set.of(), otherSeed, "a run with another seed reuses none either");
    }
}
