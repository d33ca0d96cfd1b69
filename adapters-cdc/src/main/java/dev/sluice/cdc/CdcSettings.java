package dev.sluice.cdc;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code postgres-cdc} route's settings, checked: the database (from a JDBC URL), the credentials, the
 * tables (the route's {@code from}), the replication slot and publication (named after the route unless
 * given), the snapshot mode, and Debezium options passed on as they are ({@code debezium.<name>}).
 */
record CdcSettings(String route, String host, int port, String database, String username, String password,
                   List<String> tables, String slot, String publication, String snapshotMode,
                   Map<String, String> debezium) {

    static final Set<String> SNAPSHOT_MODES = Set.of("initial", "always", "initial_only", "no_data", "when_needed");
    /** Debezium settings Sluice sets itself: a route may not change them. */
    static final Set<String> MANAGED = Set.of("name", "connector.class", "offset.storage", "offset.flush.interval.ms",
            "topic.prefix", "plugin.name", "database.hostname", "database.port", "database.dbname", "database.user",
            "database.password", "slot.name", "publication.name", "table.include.list", "snapshot.mode",
            "key.converter", "value.converter");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::(\\d{1,5}))?");

    CdcSettings {
        tables = List.copyOf(tables);
        debezium = Map.copyOf(debezium);
    }

    /**
     * @param from    the route's {@code from}: the tables, comma-separated, {@code schema.table} or {@code table}
     *                (schema {@code public})
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    static CdcSettings of(String route, String from, Map<String, String> options) {
        String url = required(options, "url");
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("'url' must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
        }
        URI uri;
        try {
            uri = URI.create(url.substring("jdbc:".length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'url' is not a valid URL: jdbc:postgresql://host:port/database");
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String authority = uri.getRawAuthority();
        if (authority != null && authority.contains(",")) {
            throw new IllegalArgumentException("'url' names more than one host; change data capture reads from one host:"
                    + " jdbc:postgresql://host:port/database");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && authority != null && !authority.contains("@")) {
            // a host name java.net.URI does not take for one (an underscore: a compose service such as orders_db)
            Matcher m = HOST_PORT.matcher(authority);
            if (m.matches()) {
                host = m.group(1);
                port = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
            }
        }
        if (host == null || database.isEmpty()) {
            throw new IllegalArgumentException("'url' needs a host and a database: jdbc:postgresql://host:port/database");
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("'from' names the tables to capture, such as public.customer (comma-separated)");
        }
        List<String> tables = new ArrayList<>();
        for (String t : from.split(",")) {
            String table = t.trim();
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("'from': '" + table + "' is not a table name (schema.table or table)");
            }
            tables.add(table.contains(".") ? table : "public." + table);
        }
        String slot = name(options, "slot", route);
        String publication = name(options, "publication", route);
        String mode = options.getOrDefault("snapshot-mode", "initial").trim().toLowerCase(Locale.ROOT);
        if (!SNAPSHOT_MODES.contains(mode)) {
            throw new IllegalArgumentException("'snapshot-mode' is '" + mode + "'; valid: "
                    + String.join(", ", new java.util.TreeSet<>(SNAPSHOT_MODES)));
        }
        Map<String, String> debezium = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith("debezium.")) {
                String name = k.substring("debezium.".length());
                if (MANAGED.contains(name)) {
                    throw new IllegalArgumentException("'" + k + "' is set by Sluice; use the route's own options ("
                            + "url, username, password, slot, publication, snapshot-mode, from)");
                }
                debezium.put(name, v);
            }
        });
        return new CdcSettings(route, host, port < 0 ? 5432 : port, database,
                required(options, "username"), options.getOrDefault("password", ""), tables, slot, publication, mode,
                debezium);
    }

    /** The JDBC URL, without credentials. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Where the changes come from, without credentials. */
    String describe() {
        return "postgres-cdc " + String.join(",", tables) + " @ " + host + ":" + port + "/" + database;
    }

    /** Debezium's name for this connector and its metrics ({@code topic.prefix}): the route's, made safe. */
    String serverName() {
        return "sluice_" + route.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option '" + name + "' is required");
        }
        return value.trim();
    }

    /** A slot or publication name: given, or {@code sluice_<route>}; PostgreSQL allows [a-z0-9_], 63 at most. */
    private static String name(Map<String, String> options, String option, String route) {
        String given = options.get(option);
        String name = given == null || given.isBlank()
                ? ("sluice_" + route.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"))
                : given.trim();
        if (name.length() > 63 && (given == null || given.isBlank())) {
            name = name.substring(0, 63);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + option + "' is '" + name + "': lower-case letters, digits and _,"
                    + " at most 63, not starting with a digit");
        }
        return name;
    }
}
