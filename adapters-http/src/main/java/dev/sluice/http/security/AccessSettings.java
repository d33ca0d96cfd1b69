package dev.sluice.http.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
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

        @Override
        public String toString() {
            return "api key " + name; // never the key
        }
    }
}
