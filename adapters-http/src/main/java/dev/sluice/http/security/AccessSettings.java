package dev.sluice.http.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.List;

/**
 * Access control, under {@value #PREFIX}. It is on as soon as one API key is configured, or with
 * {@code enabled: true} (JWT bearer tokens only, from your identity provider). With neither, Sluice
 * serves openly, and only while bound to loopback ({@link AccessGuard}).
 */
@ConfigurationProperties(AccessSettings.PREFIX)
public class AccessSettings {

    public static final String PREFIX = "sluice.security";

    private boolean enabled;
    private java.time.Duration sessionTtl = java.time.Duration.ofHours(1);
    private String auditTopic = "sluice.audit";

    /** Access control without API keys (tokens only). Default false; any API key turns it on too. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** How long a console login (its cookie) lasts. Default 1h. */
    public java.time.Duration getSessionTtl() {
        return sessionTtl;
    }

    public void setSessionTtl(java.time.Duration sessionTtl) {
        this.sessionTtl = sessionTtl;
    }

    /** The topic of Sluice's own log that holds the audit trail. Default {@code sluice.audit}. */
    public String getAuditTopic() {
        return auditTopic;
    }

    public void setAuditTopic(String auditTopic) {
        this.auditTopic = auditTopic;
    }

    /**
     * A rate limit: at most {@code requests} in any {@code per} (the bucket refills evenly, so a caller
     * who used them all gets one back every {@code per / requests}). A key's own limit may give either
     * setting and takes the other from the default.
     */
    public abstract static class Limit {

        private Integer requests;
        private Duration per;

        Limit(Integer requests, Duration per) {
            this.requests = requests;
            this.per = per;
        }

        /** How many requests a caller may make in {@code per}; at least 1. */
        public Integer getRequests() {
            return requests;
        }

        public void setRequests(Integer requests) {
            this.requests = requests;
        }

        /** The period {@code requests} refill over, such as {@code 1s} or {@code 1m}. */
        public Duration getPer() {
            return per;
        }

        public void setPer(Duration per) {
            this.per = per;
        }
    }

    /**
     * Per-caller rate limits, under {@code sluice.security.quotas}: each API key (or token subject) has
     * its own bucket per kind of endpoint; without access control every remote address shares one
     * anonymous bucket. A refused request gets 429 with {@code Retry-After}.
     */
    @ConfigurationProperties("quotas")
    public static class Quotas {

        private boolean enabled = true;

        /** Whether quotas are checked at all. Default true; off behind a gateway that limits already, or for a load test. */
        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The default limit of ingest ({@code sluice.security.quotas.ingest}): 100 requests per second. */
        @ConfigurationProperties("ingest")
        public static class Ingest extends Limit {
            public Ingest() {
                super(100, Duration.ofSeconds(1));
            }
        }

        /** The default limit of the demo generators ({@code sluice.security.quotas.generators}): 5 per minute. */
        @ConfigurationProperties("generators")
        public static class Generators extends Limit {
            public Generators() {
                super(5, Duration.ofMinutes(1));
            }
        }
    }

    /**
     * One API key, under {@code sluice.security.api-keys.<name>}: the key itself from the environment
     * ({@code key: ${SLUICE_KEY_ERP}}) or its SHA-256 ({@code key-sha256}, hex), and its scopes. Sluice
     * keeps only the hash and compares in constant time.
     */
    @EachProperty("api-keys") // nested: under sluice.security
    public static class ApiKey {

        private final String name;
        private String key;
        private String keySha256;
        private List<String> scopes = List.of();

        public ApiKey(@Parameter String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        /** The key (from an environment placeholder); hashed at start-up and never shown. */
        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        /** The key's SHA-256 in hex, instead of the key. */
        public String getKeySha256() {
            return keySha256;
        }

        public void setKeySha256(String keySha256) {
            this.keySha256 = keySha256;
        }

        /** What the key may do: ingest, read:<channel or view>, write:<entity>, admin; a scope may end in *. */
        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = List.copyOf(scopes);
        }

        /**
         * This key's own limits, under {@code sluice.security.api-keys.<name>.quotas}: what is not given
         * comes from {@code sluice.security.quotas}.
         */
        @ConfigurationProperties("quotas")
        public static class KeyQuotas {

            /** This key's limit of ingest. */
            @ConfigurationProperties("ingest")
            public static class Ingest extends Limit {

                private final String key;

                public Ingest(@Parameter String key) {
                    super(null, null);
                    this.key = key;
                }

                /** The name of the key this limit is of. */
                public String key() {
                    return key;
                }
            }

            /** This key's limit of the demo generators. */
            @ConfigurationProperties("generators")
            public static class Generators extends Limit {

                private final String key;

                public Generators(@Parameter String key) {
                    super(null, null);
                    this.key = key;
                }

                /** The name of the key this limit is of. */
                public String key() {
                    return key;
                }
            }
        }

        @Override
        public String toString() {
            return "api key " + name; // never the key
        }
    }
}
