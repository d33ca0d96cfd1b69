package dev.sluice.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.ports.event.EventEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Debezium's change events (its JSON converter, without schemas) as Sluice events. A change becomes an
 * event keyed by the row's primary key (the value of a one-column key, else the key's JSON), of type
 * {@code <table>_created} (an insert, or a row read by the snapshot), {@code _updated} or {@code _deleted},
 * with the new row as its JSON payload (a delete: the old row as far as the table's replica identity tells,
 * at least its key). Debezium's tombstone after a delete becomes a {@link EventEnvelope#tombstone}. The
 * source position is in the extensions {@code cdclsn}, {@code cdctxid}, {@code cdcsnapshot}, {@code cdcop}
 * and {@code cdctable}. A change's id is derived from its position, so a change handed on again (after a
 * restart) has the id it had; rows of a table without primary key, which a snapshot reads at one
 * position, are told apart by their content.
 */
final class ChangeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a change was, for the status: its kind and where the database stood. */
    record Change(EventEnvelope event, boolean snapshot, boolean lastOfSnapshot, Instant committed) {}

    private final CdcSettings settings;
    private final String source;

    ChangeEvents(CdcSettings settings) {
        this.settings = settings;
        this.source = "/sluice/postgres-cdc/" + settings.database();
    }

    /**
     * The event of one Debezium record, or null for what is no row change (a truncate, a heartbeat).
     *
     * @param keyJson   the record's key, JSON (null for a table without primary key)
     * @param valueJson the record's value, JSON, or null for a tombstone
     * @param table     the record's destination ({@code <prefix>.<schema>.<table>}), for a tombstone's type
     */
    Change of(String keyJson, String valueJson, String table) {
        String key = key(keyJson);
        if (valueJson == null) {
            if (key == null) {
                return null;
            }
            String name = tableName(table);
            return new Change(EventEnvelope.tombstone(UUID.randomUUID().toString(), source + "/" + name,
                    name + "_deleted", key, Instant.now()), false, false, null);
        }
        JsonNode value = read(valueJson);
        String op = value.path("op").asText("");
        JsonNode src = value.path("source");
        String name = src.path("table").asText(tableName(table));
        String type = switch (op) {
            case "c", "r" -> name + "_created";
            case "u" -> name + "_updated";
            case "d" -> name + "_deleted";
            default -> null;
        };
        if (type == null) {
            return null;
        }
        JsonNode row = "d".equals(op) ? value.path("before") : value.path("after");
        if (row.isMissingNode() || row.isNull()) {
            row = keyJson == null ? JSON.createObjectNode() : read(keyJson);
        }
        String snapshot = src.path("snapshot").asText("false");
        String lsn = src.path("lsn").asText("");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cdclsn", lsn);
        if (src.hasNonNull("txId")) {
            headers.put("cdctxid", src.get("txId").asText());
        }
        headers.put("cdcsnapshot", snapshot);
        headers.put("cdcop", op);
        headers.put("cdctable", src.path("schema").asText("public") + "." + name);
        Instant committed = src.hasNonNull("ts_ms") ? Instant.ofEpochMilli(src.get("ts_ms").asLong()) : Instant.now();
        EventEnvelope event = new EventEnvelope(id(name, key == null ? row.toString() : key, op + "@" + lsn),
                source + "/" + name, type,
                null, committed, "application/json", key, headers, row.toString().getBytes(StandardCharsets.UTF_8));
        boolean inSnapshot = !"false".equals(snapshot) && !snapshot.isEmpty();
        return new Change(event, inSnapshot, "last".equals(snapshot), committed);
    }

    /** The key as Sluice keys events: a one-column key's value as text, else the key's JSON; null without one. */
    static String key(String keyJson) {
        if (keyJson == null) {
            return null;
        }
        JsonNode key = read(keyJson);
        if (key.isObject() && key.size() == 1) {
            JsonNode only = key.elements().next();
            return only.isValueNode() ? only.asText() : only.toString();
        }
        return key.isNull() ? null : key.toString();
    }

    /**
     * @param row what tells the row apart at its position: its key, or for a table without one the row itself
     *            (a snapshot reads every row at one position)
     */
    private String id(String table, String row, String what) {
        String basis = settings.slot() + "/" + table + "/" + row + "/" + what;
        return UUID.nameUUIDFromBytes(basis.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The table of a destination {@code prefix.schema.table}. */
    private static String tableName(String destination) {
        if (destination == null) {
            return "unknown";
        }
        int dot = destination.lastIndexOf('.');
        return dot < 0 ? destination : destination.substring(dot + 1);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Debezium wrote a record that is not JSON", e);
        }
    }
}
