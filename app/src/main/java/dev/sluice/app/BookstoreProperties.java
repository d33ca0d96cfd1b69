package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.Map;

/** The bookstore of scenario S4 (its simulator, for now), under {@value #PREFIX}. */
@ConfigurationProperties(BookstoreProperties.PREFIX)
public class BookstoreProperties {

    public static final String PREFIX = "sluice.bookstore";

    private boolean enabled;
    private String topicPrefix = "";
    private Duration ackTimeout = Duration.ofSeconds(30);
    private String reference = "generated";

    /** Serve /api/simulator. Default false; the demo environment turns it on. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Put before the bookstore's topic names (book, customer, interaction, ...). Default none. */
    public String getTopicPrefix() {
        return topicPrefix;
    }

    public void setTopicPrefix(String topicPrefix) {
        this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    /** How long the simulator waits for the log to acknowledge a batch before the run ends. Default 30s. */
    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    /**
     * Where the books and customers come from: {@code generated} (the simulator writes them to the topics
     * {@code book} and {@code customer}) or {@code cdc} (Sluice creates and seeds the tables {@code book} and
     * {@code customer} in {@code sluice.bookstore.database}, and two postgres-cdc routes carry their changes
     * to those topics). Default generated.
     */
    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference == null ? "generated" : reference.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the reference data comes from the database; anything but generated or cdc fails start-up. */
    boolean referenceFromDatabase() {
        return switch (reference) {
            case "cdc" -> true;
            case "generated" -> false;
            default -> throw new IllegalStateException("sluice.bookstore.reference (SLUICE_BOOKSTORE_REFERENCE) is '"
                    + reference + "'; valid: generated, cdc");
        };
    }

    /**
     * The shop's database, under {@code sluice.bookstore.database}, for {@code reference: cdc}: a PostgreSQL
     * with logical decoding ({@code wal_level = logical}).
     */
    @ConfigurationProperties("database")
    public static class Database {

        private String url = "jdbc:postgresql://127.0.0.1:5432/postgres";
        private String username = "postgres";
        private String password = "";

        /** JDBC URL of the database that holds the tables. Default jdbc:postgresql://127.0.0.1:5432/postgres. */
        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        /** Default postgres. */
        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        /** Default none (trust); give it from the environment: {@code password: ${BOOKSTORE_DB_PASSWORD}}. */
        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password == null ? "" : password;
        }

        Map<String, String> settings() {
            return Map.of("url", url, "username", username, "password", password);
        }
    }
}
