package dev.sluice.app;

import dev.sluice.engine.bookstore.BookstoreSimulator;
import dev.sluice.engine.bookstore.ReferenceTables;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires scenario S4's simulator when {@code sluice.bookstore.enabled} is true; with
 * {@code sluice.bookstore.reference: cdc}, also the shop's database (tables created and seeded) and the two
 * postgres-cdc routes that carry its books and customers to the reference topics.
 */
@Factory
@Requires(property = "sluice.bookstore.enabled", value = "true")
public class BookstoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BookstoreFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    BookstoreSimulator simulator(EventLog log, JsonCodec json, BookstoreProperties bookstore) {
        return new BookstoreSimulator(log, json, Thread::sleep, Clock.systemUTC(), bookstore.getTopicPrefix(),
                bookstore.getAckTimeout(), !bookstore.referenceFromDatabase());
    }

    /** The reference tables, seeded before any route starts (the CDC routes' publication names them). */
    @Singleton
    @Requires(property = "sluice.bookstore.reference", value = "cdc")
    BookstoreCdc bookstoreCdc(BookstoreProperties bookstore, BookstoreProperties.Database database,
                              PluginRegistry plugins) {
        String where = BookstoreProperties.PREFIX + ".database";
        ReferenceTables tables;
        ReferenceTables.Seeded seeded;
        try {
            tables = new ReferenceTables(plugins.sqlTables("postgres", where, database.settings()));
            seeded = tables.seed();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("S4 with sluice.bookstore.reference = cdc needs the shop's PostgreSQL ("
                    + where + "): " + e.getMessage(), e);
        }
        LOG.info("S4 reference data in {}: tables book ({} rows added) and customer ({} rows added); their changes"
                + " reach the topics {}book and {}customer by CDC", tables.describe(), seeded.books(), seeded.customers(),
                bookstore.getTopicPrefix(), bookstore.getTopicPrefix());
        return new BookstoreCdc(routes(bookstore.getTopicPrefix(), database));
    }

    /** The two routes, as they would be written in configuration; slots named after the topic prefix too. */
    static Map<String, Map<String, Object>> routes(String topicPrefix, BookstoreProperties.Database database) {
        Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
        String slotPrefix = "sluice_" + topicPrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "s4_";
        for (String table : new String[] {ReferenceTables.BOOK, ReferenceTables.CUSTOMER}) {
            Map<String, Object> source = new LinkedHashMap<>(database.settings());
            source.put("slot", slotPrefix + table);
            source.put("publication", slotPrefix + table);
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("from", "public." + table);
            route.put("source", "postgres-cdc");
            route.put("source-options", source);
            route.put("to", "log");
            route.put("options", Map.of("topic", topicPrefix + table));
            routes.put("s4-" + table + "-cdc", route);
        }
        return routes;
    }

    /** S4's CDC routes, which the route engine runs with the routes of configuration. */
    record BookstoreCdc(Map<String, Map<String, Object>> routes) {}
}
