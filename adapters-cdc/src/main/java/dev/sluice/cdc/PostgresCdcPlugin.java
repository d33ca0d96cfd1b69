package dev.sluice.cdc;

import dev.sluice.ports.spi.Source;
import dev.sluice.ports.spi.SourcePlugin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres-cdc} route source: the changes of PostgreSQL tables (the route's {@code from}) as
 * events, through Debezium's embedded engine. Options: {@code url} (jdbc:postgresql://host:port/database),
 * {@code username}, {@code password}, {@code slot}, {@code publication}, {@code snapshot-mode}, and
 * {@code debezium.<setting>} for any other Debezium connector setting.
 *
 * <p>Opening checks the database when it answers: a server without logical decoding fails start-up with
 * what to set. A server that does not answer yet is no error: the route waits for it.
 */
public final class PostgresCdcPlugin implements SourcePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcPlugin.class);

    @Override
    public String name() {
        return "postgres-cdc";
    }

    @Override
    public Set<String> options() {
        return Set.of("url", "username", "password", "slot", "publication", "snapshot-mode", "debezium.");
    }

    @Override
    public Source open(String address, Map<String, String> options, Context context) {
        CdcSettings settings = CdcSettings.of(context.route(), address, options);
        if (context.log() == null) {
            throw new IllegalStateException("source 'postgres-cdc' keeps its position on Sluice's log, and none is open");
        }
        checkLogicalDecoding(settings);
        return new PostgresCdcSource(settings, context.log());
    }

    /**
     * Fails when the server answers and has no logical decoding ({@code wal_level} below {@code logical});
     * a server that does not answer is left to the source, which waits for it.
     *
     * @throws IllegalStateException saying what to set
     */
    static void checkLogicalDecoding(CdcSettings settings) {
        Properties props = new Properties();
        props.setProperty("user", settings.username());
        props.setProperty("password", settings.password());
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "sluice-cdc-check");
        String level;
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            level = rs.getString(1);
        } catch (SQLException e) {
            LOG.debug("route '{}': PostgreSQL does not answer yet ({}); its CDC source will wait", settings.route(),
                    e.getMessage());
            return;
        }
        if (!"logical".equals(level)) {
            throw new IllegalStateException("PostgreSQL at " + settings.host() + ":" + settings.port() + "/"
                    + settings.database() + " has wal_level = " + level + ", and change data capture needs logical"
                    + " decoding: set wal_level = logical (as a superuser: ALTER SYSTEM SET wal_level = logical;"
                    + " or in postgresql.conf), then restart PostgreSQL");
        }
    }
}
