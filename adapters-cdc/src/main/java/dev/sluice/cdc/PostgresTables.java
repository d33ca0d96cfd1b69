package dev.sluice.cdc;

import dev.sluice.ports.out.SqlTables;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link SqlTables} in PostgreSQL over JDBC: a connection per call (they are rare: start-up, a demo's
 * edit), names quoted so that a column keeps the case of its JSON field ({@code "customerId"}).
 */
final class PostgresTables implements SqlTables {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String url;
    private final Properties credentials;
    private final String where;

    PostgresTables(String url, String username, String password) {
        this.url = url;
        this.credentials = new Properties();
        credentials.setProperty("user", username);
        credentials.setProperty("password", password == null ? "" : password);
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("ApplicationName", "sluice");
        this.where = "postgres " + url.substring("jdbc:postgresql://".length());
    }

    @Override
    public void create(String table, List<Column> columns, String key) {
        String ddl = "CREATE TABLE IF NOT EXISTS " + quote(table) + " ("
                + columns.stream().map(c -> quote(c.name()) + " " + sqlType(c.type())).collect(Collectors.joining(", "))
                + ", PRIMARY KEY (" + quote(key) + "))";
        try (Connection c = connect(); var st = c.createStatement()) {
            st.execute(ddl);
        } catch (SQLException e) {
            throw failed("create table " + table, e);
        }
    }

    @Override
    public int insertMissing(String table, List<Column> columns, String key, List<Map<String, Object>> rows) {
        String sql = "INSERT INTO " + quote(table) + " ("
                + columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON CONFLICT ("
                + quote(key) + ") DO NOTHING";
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int inserted = 0;
            for (Map<String, Object> row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    bind(c, st, i + 1, columns.get(i), row.get(columns.get(i).name()));
                }
                inserted += st.executeUpdate();
            }
            c.commit();
            return inserted;
        } catch (SQLException e) {
            throw failed("insert into " + table, e);
        }
    }

    private static void bind(Connection c, PreparedStatement st, int index, Column column, Object value)
            throws SQLException {
        if (value == null) {
            st.setNull(index, column.type() == Type.BIGINT ? Types.BIGINT : column.type() == Type.TEXT ? Types.VARCHAR
                    : Types.ARRAY);
            return;
        }
        switch (column.type()) {
            case TEXT -> st.setString(index, String.valueOf(value));
            case BIGINT -> st.setLong(index, value instanceof Number n ? n.longValue() : Long.parseLong(value.toString()));
            case TEXT_LIST -> {
                List<?> list = value instanceof List<?> l ? l : List.of(value);
                Array array = c.createArrayOf("text", list.stream().map(String::valueOf).toArray());
                st.setArray(index, array);
            }
        }
    }

    private static String sqlType(Type type) {
        return switch (type) {
            case TEXT -> "text";
            case BIGINT -> "bigint";
            case TEXT_LIST -> "text[]";
        };
    }

    private static String quote(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a table or column name here");
        }
        return '"' + name + '"';
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException(where + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        // a connection per call: nothing is held
    }
}
