package dev.sluice.cdc;

import dev.sluice.ports.out.SqlTables;
import dev.sluice.ports.spi.SqlTablesPlugin;
import java.util.Map;
import java.util.Set;

/** {@code postgres} SQL tables: settings {@code url} (jdbc:postgresql://host:port/database), {@code username}, {@code password}. */
public final class PostgresTablesPlugin implements SqlTablesPlugin {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Set<String> options() {
        return Set.of("url", "username", "password");
    }

    @Override
    public SqlTables open(Map<String, String> settings) {
        String url = settings.get("url");
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("'url' must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
        }
        String username = settings.get("username");
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("'username' is required");
        }
        return new PostgresTables(url, username, settings.get("password"));
    }
}
