package dev.sluice.ports.spi;

import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import java.util.Map;
import java.util.Set;

/**
 * Provides latest-value tables kept outside the broker, selected by {@code sluice.commerce.tables}
 * ({@code redis}); the choice {@code broker} borrows the started broker's own tables instead. Found
 * through {@link java.util.ServiceLoader}.
 */
public interface TablesPlugin {
    String name();

    /** The setting names {@link #open} reads; any other fails start-up naming it. */
    Set<String> options();

    /**
     * @param log      the log the tables follow, whatever broker carries it
     * @param settings flat settings, such as {@code uri} and {@code key-prefix}
     * @return tables whose {@link LatestValues#close()} releases what they opened
     */
    LatestValues open(EventLog log, Map<String, String> settings);
}
