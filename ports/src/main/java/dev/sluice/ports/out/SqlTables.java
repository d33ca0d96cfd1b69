package dev.sluice.ports.out;

import java.util.List;
import java.util.Map;

/**
 * Tables of a relational database that Sluice itself fills: a scenario's reference data (S4's books and
 * customers) that a change data capture route then reads. Not a general database access layer: create a
 * table when it is missing, insert the rows it lacks. Thread-safe; {@link #close()} releases the connection.
 */
public interface SqlTables extends AutoCloseable {

    /** A column's type, as far as reference data needs. */
    enum Type { TEXT, BIGINT, TEXT_LIST }

    /** A column, named as the JSON field of the rows it holds (names are quoted: case is kept). */
    record Column(String name, Type type) {}

    /**
     * Creates {@code table} with {@code columns} and the primary key {@code key} (one of the columns) when no
     * table of that name exists; an existing table is left as it is.
     *
     * @throws IllegalStateException when the database cannot be reached or refuses (its message, no credentials)
     */
    void create(String table, List<Column> columns, String key);

    /**
     * Inserts the rows whose key the table does not hold yet (rows already there are left as they are).
     *
     * @param rows values by column name
     * @return how many rows were inserted
     */
    int insertMissing(String table, List<Column> columns, String key, List<Map<String, Object>> rows);

    /** Where the tables are, without credentials ({@code postgres 127.0.0.1:5432/shop}). */
    String describe();

    @Override
    void close();
}
