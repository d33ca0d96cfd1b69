package dev.sluice.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A {@code postgres-cdc} route's options, checked: what is taken, what is made up, what is refused and why. */
class CdcSettingsTest {

    static Map<String, String> options(String... more) {
        Map<String, String> o = new HashMap<>();
        o.put("url", "jdbc:postgresql://db.example:6543/shop");
        o.put("username", "cdc");
        o.put("password", "s3cret");
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                o.remove(more[i]);
            } else {
                o.put(more[i], more[i + 1]);
            }
        }
        return o;
    }

    static String refusal(String route, String from, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> CdcSettings.of(route, from, options)).getMessage();
    }

    @Test
    void theUrlGivesHostPortAndDatabase() {
        CdcSettings s = CdcSettings.of("items-cdc", "public.item", options());
        assertEquals("db.example", s.host());
        assertEquals(6543, s.port());
        assertEquals("shop", s.database());
        assertEquals("cdc", s.username());
        assertEquals("s3cret", s.password());
        assertEquals("jdbc:postgresql://db.example:6543/shop", s.jdbcUrl());
        assertEquals("postgres-cdc public.item @ db.example:6543/shop", s.describe());
        assertFalse(s.describe().contains("s3cret") || s.jdbcUrl().contains("s3cret"), "no password in what is shown");
    }

    @Test
    void theUrlWithoutPortMeans5432AndItsParametersAreNotTheDatabase() {
        CdcSettings s = CdcSettings.of("r", "item", options("url", "jdbc:postgresql://127.0.0.1/shop?sslmode=require"));
        assertEquals("127.0.0.1", s.host());
        assertEquals(5432, s.port());
        assertEquals("shop", s.database());
    }

    @Test
    void aHostNameWithAnUnderscoreIsAHost() {
        // such as a compose service; java.net.URI sees no host in it, PostgreSQL's driver connects to it
        CdcSettings s = CdcSettings.of("r", "item", options("url", "jdbc:postgresql://orders_db:5433/shop"));
        assertEquals("orders_db", s.host());
        assertEquals(5433, s.port());
        assertEquals("shop", s.database());
        assertEquals("orders_db", CdcSettings.of("r", "item", options("url", "jdbc:postgresql://orders_db/shop")).host());
    }

    @Test
    void anIpv6HostKeepsItsBrackets() {
        CdcSettings s = CdcSettings.of("r", "item", options("url", "jdbc:postgresql://[::1]:5433/shop"));
        assertEquals("[::1]", s.host());
        assertEquals(5433, s.port());
    }

    @Test
    void moreThanOneHostIsRefused() {
        assertTrue(refusal("r", "item", options("url", "jdbc:postgresql://db1:5432,db2:5432/shop"))
                .contains("one host"));
    }

    @Test
    void aUrlThatIsNotPostgresOrLacksHostOrDatabaseIsRefused() {
        assertEquals("'url' must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database",
                refusal("r", "item", options("url", "jdbc:mysql://db/shop")));
        assertEquals("'url' must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database",
                refusal("r", "item", options("url", "postgresql://db/shop")));
        assertTrue(refusal("r", "item", options("url", "jdbc:postgresql://db.example:6543/"))
                .contains("needs a host and a database"));
        assertTrue(refusal("r", "item", options("url", "jdbc:postgresql:///shop")).contains("needs a host and a database"));
        assertTrue(refusal("r", "item", options("url", "jdbc:postgresql://db example/shop")).startsWith("'url'"));
    }

    @Test
    void urlAndUsernameAreRequiredThePasswordIsNot() {
        assertEquals("option 'url' is required", refusal("r", "item", options("url", null)));
        assertEquals("option 'url' is required", refusal("r", "item", options("url", "  ")));
        assertEquals("option 'username' is required", refusal("r", "item", options("username", null)));
        assertEquals("", CdcSettings.of("r", "item", options("password", null)).password());
    }

    @Test
    void fromNamesTheTablesWithPublicAsTheDefaultSchema() {
        assertEquals(List.of("public.item", "sales.order", "public.customer"),
                CdcSettings.of("r", " item , sales.order,public.customer ", options()).tables());
        assertTrue(refusal("r", null, options()).startsWith("'from' names the tables"));
        assertTrue(refusal("r", "  ", options()).startsWith("'from' names the tables"));
        assertEquals("'from': 'item; DROP TABLE x' is not a table name (schema.table or table)",
                refusal("r", "item; DROP TABLE x", options()));
        assertEquals("'from': 'a.b.c' is not a table name (schema.table or table)", refusal("r", "a.b.c", options()));
        assertEquals("'from': '' is not a table name (schema.table or table)", refusal("r", "item,,other", options()));
    }

    @Test
    void slotAndPublicationAreNamedAfterTheRouteUnlessGiven() {
        CdcSettings s = CdcSettings.of("Items-CDC.v2", "item", options());
        assertEquals("sluice_items_cdc_v2", s.slot());
        assertEquals("sluice_items_cdc_v2", s.publication());
        assertEquals("sluice_items_cdc_v2", s.serverName());

        CdcSettings given = CdcSettings.of("items", "item", options("slot", "erp_slot", "publication", " erp_pub "));
        assertEquals("erp_slot", given.slot());
        assertEquals("erp_pub", given.publication());
    }

    @Test
    void aLongRouteNameGivesANameCutTo63() {
        String route = "r".repeat(100);
        CdcSettings s = CdcSettings.of(route, "item", options());
        assertEquals(63, s.slot().length());
        assertEquals(("sluice_" + route).substring(0, 63), s.slot());
        assertEquals(s.slot(), s.publication());
    }

    @Test
    void aSlotOrPublicationPostgresWouldRefuseIsRefusedHere() {
        assertEquals("'slot' is 'Erp-Slot': lower-case letters, digits and _, at most 63, not starting with a digit",
                refusal("r", "item", options("slot", "Erp-Slot")));
        assertTrue(refusal("r", "item", options("slot", "1slot")).startsWith("'slot' is '1slot'"));
        assertTrue(refusal("r", "item", options("slot", "s".repeat(64))).startsWith("'slot' is '"));
        assertTrue(refusal("r", "item", options("publication", "pub lic")).startsWith("'publication' is 'pub lic'"));
        assertEquals("s".repeat(63), CdcSettings.of("r", "item", options("slot", "s".repeat(63))).slot());
    }

    @Test
    void theSnapshotModeIsInitialUnlessOneOfDebeziumsIsGiven() {
        assertEquals("initial", CdcSettings.of("r", "item", options()).snapshotMode());
        for (String mode : List.of("initial", "always", "initial_only", "no_data", "when_needed")) {
            assertEquals(mode, CdcSettings.of("r", "item", options("snapshot-mode", mode)).snapshotMode());
        }
        assertEquals("no_data", CdcSettings.of("r", "item", options("snapshot-mode", " NO_DATA ")).snapshotMode());
        assertEquals("'snapshot-mode' is 'never'; valid: always, initial, initial_only, no_data, when_needed",
                refusal("r", "item", options("snapshot-mode", "never")));
    }

    @Test
    void debeziumSettingsPassOnWithoutTheirPrefix() {
        CdcSettings s = CdcSettings.of("r", "item", options("debezium.heartbeat.interval.ms", "5000",
                "debezium.status.update.interval.ms", "2000", "slot", "own_slot"));
        assertEquals(Map.of("heartbeat.interval.ms", "5000", "status.update.interval.ms", "2000"), s.debezium());
    }

    @Test
    void debeziumSettingsThatSluiceSetsItselfAreRefused() {
        for (String managed : CdcSettings.MANAGED) {
            String message = refusal("r", "item", options("debezium." + managed, "x"));
            assertTrue(message.startsWith("'debezium." + managed + "' is set by Sluice; use the route's own options"),
                    message);
        }
        assertTrue(CdcSettings.MANAGED.containsAll(List.of("database.password", "slot.name", "offset.storage",
                "table.include.list", "snapshot.mode", "connector.class")));
    }
}
