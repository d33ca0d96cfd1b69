package dev.sluice.domain.bookstore;

import dev.sluice.domain.bookstore.Catalogue.Book;
import dev.sluice.domain.bookstore.Catalogue.Customer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The shop's workflow, as a deterministic source of events: customers browse books ({@code interaction}
 * "view"), put some in their cart ({@code interaction} "cart"), place an order ({@code purchase}, packet
 * null, {@code totalAmount} the sum of its books' prices in cents), pay it in full ({@code payment}),
 * after which it is shipped (the same {@code purchase} again with its packet id, then {@code shipping}
 * "underway") and finally "delivered" or "lost". Nothing is shipped before it is paid, and some orders
 * are never paid (the outstanding payments).
 *
 * <p>The same seed and start time give the same events with the same times on every run and every
 * machine ({@link Random} is specified to the bit): the clock is simulated, advancing by a random gap of
 * 10 ms to 2 s per event, so windowed results are reproducible. Not thread-safe.
 */
public final class Simulation {

    public static final String INTERACTION = "interaction";
    public static final String PURCHASE = "purchase";
    public static final String PAYMENT = "payment";
    public static final String SHIPPING = "shipping";
    public static final List<String> TOPICS = List.of(INTERACTION, PURCHASE, PAYMENT, SHIPPING);
    static final int MAX_CART = 10;
    /** How many of the longest-browsing customers fill their carts at a time. */
    static final int SHOPPERS = 8;

    /** One simulated event: the topic, the record key, the event time and the JSON fields. */
    public record Event(String topic, String key, Instant time, Map<String, Object> fields) {}

    private record Order(String purchaseId, long customerId, List<String> bookIds, long totalAmount) {}

    private final Random random;
    private final Catalogue catalogue = Catalogue.get();
    private final Map<Long, List<String>> carts = new LinkedHashMap<>();
    private final List<Order> unpaid = new ArrayList<>();
    private final Deque<Order> paid = new ArrayDeque<>();
    private final List<String> shipped = new ArrayList<>();
    private final List<String> travelling = new ArrayList<>();
    private long now;
    private final String run;
    private long purchases;
    private long payments;
    private long packets;

    public Simulation(long seed, Instant startTime) {
        this.random = new Random(seed);
        this.now = Objects.requireNonNull(startTime, "startTime").toEpochMilli();
        this.run = runTag(seed, now);
    }

    /**
     * Six hex digits of the seed and the start time, in every purchase, payment and packet id: two runs
     * with other settings never share an id (their events would otherwise mix in views keyed by id), and
     * the same settings give the same ids.
     */
    static String runTag(long seed, long startMillis) {
        long mixed = seed * 0x9E3779B97F4A7C15L ^ startMillis * 0xC2B2AE3D27D4EB4FL;
        return String.format("%06x", (mixed ^ (mixed >>> 29)) & 0xFFFFFFL);
    }

    /** The next event; the clock moves on before each one. */
    public Event next() {
        now += 10 + random.nextInt(1991);
        int roll = random.nextInt(100);
        if (roll < 14 && !(shipped.isEmpty() && travelling.isEmpty())) {
            return arrive();
        }
        if (roll < 22 && !paid.isEmpty()) {
            return ship();
        }
        if (roll < 32 && !unpaid.isEmpty()) {
            return pay();
        }
        if (roll < 40) {
            Map.Entry<Long, List<String>> cart = fullCart();
            if (cart != null) {
                return purchase(cart.getKey(), cart.getValue());
            }
        }
        if (roll < 56 && !carts.isEmpty()) {
            return addToCart();
        }
        return view();
    }

    private Event view() {
        Customer customer = catalogue.customers().get(random.nextInt(catalogue.customers().size()));
        Book book = catalogue.books().get(random.nextInt(catalogue.books().size()));
        carts.computeIfAbsent(customer.customerId(), id -> new ArrayList<>());
        return interaction(customer.customerId(), book, "view");
    }

    /** A customer who has browsed puts one more book in the cart (at most ten, so some orders pass 300.00). */
    private Event addToCart() {
        List<Long> browsing = new ArrayList<>(carts.keySet());
        long customerId = browsing.get(random.nextInt(Math.min(browsing.size(), SHOPPERS))); // a few shop at a time
        Book book = catalogue.books().get(random.nextInt(catalogue.books().size()));
        List<String> cart = carts.get(customerId);
        if (cart.size() < MAX_CART) {
            cart.add(book.bookId());
        }
        return interaction(customerId, book, "cart");
    }

    private Event interaction(long customerId, Book book, String kind) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", book.bookId());
        f.put("customerId", customerId);
        f.put("event", kind);
        f.put("categories", book.categories());
        return new Event(INTERACTION, book.bookId(), Instant.ofEpochMilli(now), f);
    }

    /** The longest-kept cart that holds at least a random number of books (3 to 10): some orders are large. */
    private Map.Entry<Long, List<String>> fullCart() {
        int enough = 3 + random.nextInt(MAX_CART - 2);
        for (Map.Entry<Long, List<String>> cart : carts.entrySet()) {
            if (cart.getValue().size() >= enough) {
                return cart;
            }
        }
        return null;
    }

    private Event purchase(long customerId, List<String> cart) {
        List<String> bookIds = List.copyOf(cart);
        carts.remove(customerId);
        long total = bookIds.stream().mapToLong(id -> catalogue.book(id).price()).sum();
        Order order = new Order(String.format("p-%s-%06d", run, ++purchases), customerId, bookIds, total);
        if (random.nextInt(10) != 0) {
            unpaid.add(order); // one in ten is never paid: the outstanding payments
        }
        return purchaseEvent(order, null);
    }

    /** An order placed earlier is paid in full. */
    private Event pay() {
        Order order = unpaid.remove(random.nextInt(unpaid.size()));
        paid.addLast(order);
        Map<String, Object> f = new LinkedHashMap<>();
        String transactionId = String.format("t-%s-%06d", run, ++payments);
        f.put("transactionId", transactionId);
        f.put("purchaseId", order.purchaseId());
        f.put("amount", order.totalAmount());
        return new Event(PAYMENT, transactionId, Instant.ofEpochMilli(now), f);
    }

    /** The oldest paid order gets its packet: the purchase is updated, "underway" follows later. */
    private Event ship() {
        Order order = paid.removeFirst();
        String packet = String.format("pk-%s-%06d", run, ++packets);
        shipped.add(packet);
        return purchaseEvent(order, packet);
    }

    private Event purchaseEvent(Order order, String packet) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("purchaseId", order.purchaseId());
        f.put("customerId", order.customerId());
        f.put("bookIds", order.bookIds());
        f.put("packet", packet);
        f.put("totalAmount", order.totalAmount());
        return new Event(PURCHASE, order.purchaseId(), Instant.ofEpochMilli(now), f);
    }

    /** A shipped packet is reported "underway", or one underway "delivered" (nine in ten) or "lost". */
    private Event arrive() {
        String packet;
        String status;
        if (!travelling.isEmpty() && (shipped.isEmpty() || random.nextBoolean())) {
            packet = travelling.remove(random.nextInt(travelling.size()));
            status = random.nextInt(10) == 0 ? "lost" : "delivered";
        } else {
            packet = shipped.remove(random.nextInt(shipped.size()));
            travelling.add(packet);
            status = "underway";
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("packet", packet);
        f.put("status", status);
        return new Event(SHIPPING, packet, Instant.ofEpochMilli(now), f);
    }
}
