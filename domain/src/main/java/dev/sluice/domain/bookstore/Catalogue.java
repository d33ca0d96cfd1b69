package dev.sluice.domain.bookstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bookstore's reference data: a few dozen books and a few hundred customers, generated from fixed
 * word lists with a fixed seed, so every Sluice has the same catalogue. Everything is invented: titles
 * are built from common words, authors and customers are named "Author 07" or "Customer 042" (so
 * nothing pretends to be a real person), e-mail addresses are at {@code example.com}; only the cities
 * and countries are real places.
 */
public final class Catalogue {

    /** A book; {@code price} in cents. */
    public record Book(String bookId, String title, String author, List<String> categories, long price) {
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("bookId", bookId);
            f.put("title", title);
            f.put("author", author);
            f.put("categories", categories);
            f.put("price", price);
            return f;
        }
    }

    /** A customer of the shop. */
    public record Customer(long customerId, String firstname, String lastname, String email, String city,
                           String country) {
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("customerId", customerId);
            f.put("firstname", firstname);
            f.put("lastname", lastname);
            f.put("email", email);
            f.put("city", city);
            f.put("country", country);
            return f;
        }
    }

    public static final int BOOKS = 40;
    public static final int CUSTOMERS = 300;
    public static final List<String> CATEGORIES = List.of("fantasy", "crime", "science", "history", "cooking",
            "travel", "poetry", "children");

    private static final String[] ADJECTIVES = {"Silent", "Golden", "Hidden", "Last", "Northern", "Quiet", "Crimson",
        "Forgotten", "Little", "Endless"};
    private static final String[] NOUNS = {"Harbour", "Garden", "Kitchen", "Map", "River", "Orchard", "Lantern",
        "Library", "Voyage", "Winter"};
    private static final String[][] PLACES = {{"Zurich", "Switzerland"}, {"Geneva", "Switzerland"},
        {"Bern", "Switzerland"}, {"Basel", "Switzerland"}, {"Munich", "Germany"}, {"Berlin", "Germany"},
        {"Vienna", "Austria"}, {"Lyon", "France"}, {"Milan", "Italy"}, {"Madrid", "Spain"}};

    private static final Catalogue INSTANCE = new Catalogue();

    private final List<Book> books;
    private final List<Customer> customers;
    private final Map<String, Book> byId = new LinkedHashMap<>();

    private Catalogue() {
        Random random = new Random(20180517L);
        List<Book> b = new ArrayList<>();
        for (int i = 0; i < BOOKS; i++) {
            String title = "The " + ADJECTIVES[i % ADJECTIVES.length] + " " + NOUNS[(i * 7 + i / 10) % NOUNS.length];
            String first = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            String second = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
            List<String> categories = first.equals(second) ? List.of(first) : List.of(first, second);
            long price = 500 + 100L * random.nextInt(76); // 5.00 to 80.00
            b.add(new Book(String.format("bk-%03d", i + 1), title, String.format("Author %02d", i % 15 + 1),
                    categories, price));
        }
        books = List.copyOf(b);
        books.forEach(book -> byId.put(book.bookId(), book));
        List<Customer> c = new ArrayList<>();
        for (int i = 1; i <= CUSTOMERS; i++) {
            String[] place = PLACES[random.nextInt(PLACES.length)];
            c.add(new Customer(i, "Customer", String.format("%03d", i), String.format("customer-%03d@example.com", i),
                    place[0], place[1]));
        }
        customers = List.copyOf(c);
    }

    public static Catalogue get() {
        return INSTANCE;
    }

    public List<Book> books() {
        return books;
    }

    public List<Customer> customers() {
        return customers;
    }

    public Book book(String bookId) {
        Book book = byId.get(bookId);
        if (book == null) {
            throw new IllegalArgumentException("no book '" + bookId + "'");
        }
        return book;
    }
}
