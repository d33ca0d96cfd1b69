package dev.sluice.engine.bookstore;

import dev.sluice.domain.bookstore.Catalogue;
import dev.sluice.ports.out.SqlTables;
import dev.sluice.ports.out.SqlTables.Column;
import dev.sluice.ports.out.SqlTables.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bookstore's reference data (scenario S4) as the shop's database holds it, for
 * {@code sluice.bookstore.reference: cdc}: the tables {@value #BOOK} and {@value #CUSTOMER}, their columns
 * named as the fields of the events the simulator would write (so a view's join reads a row from CDC as
 * it reads a generated one), created when missing and seeded with the {@link Catalogue} rows they lack.
 * Rows already there are left alone: a city changed in the database stays changed across restarts.
 */
public final class ReferenceTables {

    public static final String BOOK = "book";
    public static final String CUSTOMER = "customer";
    public static final List<Column> BOOK_COLUMNS = List.of(new Column("bookId", Type.TEXT), new Column("title", Type.TEXT),
            new Column("author", Type.TEXT), new Column("categories", Type.TEXT_LIST), new Column("price", Type.BIGINT));
    public static final List<Column> CUSTOMER_COLUMNS = List.of(new Column("customerId", Type.BIGINT),
            new Column("firstname", Type.TEXT), new Column("lastname", Type.TEXT), new Column("email", Type.TEXT),
            new Column("city", Type.TEXT), new Column("country", Type.TEXT));

    /** How many rows a seeding inserted into each table. */
    public record Seeded(int books, int customers) {}

    private final SqlTables tables;

    public ReferenceTables(SqlTables tables) {
        this.tables = tables;
    }

    /**
     * Creates the tables when missing and inserts the catalogue's rows they lack.
     *
     * @throws IllegalStateException when the database cannot be reached or refuses
     */
    public Seeded seed() {
        Catalogue catalogue = Catalogue.get();
        tables.create(BOOK, BOOK_COLUMNS, "bookId");
        tables.create(CUSTOMER, CUSTOMER_COLUMNS, "customerId");
        List<Map<String, Object>> books = new ArrayList<>();
        catalogue.books().forEach(b -> books.add(b.fields()));
        List<Map<String, Object>> customers = new ArrayList<>();
        catalogue.customers().forEach(c -> customers.add(c.fields()));
        return new Seeded(tables.insertMissing(BOOK, BOOK_COLUMNS, "bookId", books),
                tables.insertMissing(CUSTOMER, CUSTOMER_COLUMNS, "customerId", customers));
    }

    /** Where the tables are, without credentials. */
    public String describe() {
        return tables.describe();
    }
}
