package dev.sluice.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A database of a test's own on the real PostgreSQL ({@code SLUICE_TEST_PG_URL}, default
 * jdbc:postgresql://127.0.0.1:5432/postgres as {@code postgres}, which the test command gives logical
 * decoding). {@link #close()} drops what the test's CDC routes made there (their replication slots, which
 * would otherwise keep WAL for ever) and the database.
 */
final class TestPostgres implements AutoCloseable {

    static final String SERVER = System.getenv().getOrDefault("SLUICE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = System.getenv().getOrDefault("SLUICE_TEST_PG_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("SLUICE_TEST_PG_PASSWORD", "");

    final String database;
    final String url;

    private TestPostgres(String database) {
        this.database = database;
        this.url = SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + database;
    }

    /** Creates a fresh database named {@code sluice_<prefix>_<random>}. */
    static TestPostgres create(String prefix) throws SQLException {
        TestPostgres db = new TestPostgres("sluice_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
        try (Connection c = connect(SERVER); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db.database);
        }
        return db;
    }

    static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(url, p);
    }

    /** Drops a replication slot of the server by name, whatever its database, if it exists and is not in use. */
    static void dropSlot(String slot) throws SQLException {
        try (Connection c = connect(SERVER); Statement st = c.createStatement()) {
            st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "' AND NOT active");
        }
    }

    /** Runs statements in this database, each committed. */
    void exec(String... sql) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** The first column of a query's rows, as text. */
    List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The replication slots of this database. */
    List<String> slots() throws SQLException {
        return column("SELECT slot_name FROM pg_replication_slots WHERE database = '" + database + "'");
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        try (Connection c = connect(SERVER); Statement st = c.createStatement()) {
            for (int attempt = 0; ; attempt++) {
                try {
                    st.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = '"
                            + database + "' AND active_pid IS NOT NULL");
                    st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '"
                            + database + "'");
                    st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                    return;
                } catch (SQLException stillInUse) {
                    if (attempt >= 20) {
                        throw stillInUse;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }
}
