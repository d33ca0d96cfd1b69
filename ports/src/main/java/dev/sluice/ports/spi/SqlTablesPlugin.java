package dev.sluice.ports.spi;

import dev.sluice.ports.out.SqlTables;
import java.util.Map;
import java.util.Set;

/**
 * Provides {@link SqlTables} of a database by its name ({@code postgres}). Found through
 * {@link java.util.ServiceLoader}.
 */
public interface SqlTablesPlugin {
    String name();

    /** The setting names {@link #open} reads; any other fails start-up naming it. */
    Set<String> options();

    /**
     * @param settings flat settings, such as {@code url}, {@code username} and {@code password}
     * @throws IllegalArgumentException when a setting is missing or invalid
     */
    SqlTables open(Map<String, String> settings);
}
