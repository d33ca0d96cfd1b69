package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/** Per-client streams (scenario S5), under {@value #PREFIX}; off unless {@code enabled}. */
@ConfigurationProperties(ClientsProperties.PREFIX)
public class ClientsProperties {

    public static final String PREFIX = "sluice.clients";

    private boolean enabled;
    private String topic = "client-events";
    private String group = "sluice-client-forwarder";
    private String redisUri = "redis://127.0.0.1:6379";
    private String keyPrefix = "";
    private long maxLength = 1000;
    private Duration ttl = Duration.ofSeconds(30);
    private List<String> demoIds = List.of("client-1", "client-2", "client-3");
    private String clientIdField;
    private boolean authEnabled = true;
    private Duration hold = Duration.ofSeconds(120);

    /** Top-level JSON field holding the client id; unset: the record key. */
    public String getClientIdField() {
        return clientIdField;
    }

    public void setClientIdField(String clientIdField) {
        this.clientIdField = clientIdField;
    }

    /** Turns S5 on; it needs a Redis ({@code redis-uri}). Default false. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Topic whose events are forwarded, by record key = client id. Default {@code client-events}. */
    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** Consumer group of the forwarder. */
    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    /** The Redis holding the client streams ({@code REDIS_URI}). */
    public String getRedisUri() {
        return redisUri;
    }

    public void setRedisUri(String redisUri) {
        this.redisUri = redisUri;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** Approximate bound of each client stream (XADD MAXLEN ~). Default 1000. */
    public long getMaxLength() {
        return maxLength;
    }

    public void setMaxLength(long maxLength) {
        this.maxLength = maxLength;
    }

    /** A client counts as connected until this long after its last refresh. Default 30s. */
    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    /** Client ids the demo endpoint generates events for. */
    public List<String> getDemoIds() {
        return demoIds;
    }

    public void setDemoIds(List<String> demoIds) {
        this.demoIds = demoIds;
    }

    /**
     * Whether a client must show a token whose subject is its id. Default true; false lets anyone read
     * any client's stream (a local demo only). Read by the client stream endpoint.
     */
    public boolean isAuthEnabled() {
        return authEnabled;
    }

    public void setAuthEnabled(boolean authEnabled) {
        this.authEnabled = authEnabled;
    }

    /** How long a client's stream request is held open. Default 120s. Read by the client stream endpoint. */
    public Duration getHold() {
        return hold;
    }

    public void setHold(Duration hold) {
        this.hold = hold;
    }

    /**
     * The demo's login for the console, under {@code sluice.clients.dev-login}: {@code POST /api/dev/login}
     * mints a token for a demo client id. It exists only in the {@code demo} environment and only while
     * the server is bound to loopback (read by the endpoint's conditions).
     */
    @ConfigurationProperties("dev-login")
    public static class DevLogin {

        private boolean enabled;
        private Duration ttl = Duration.ofMinutes(15);

        /** Whether the demo environment offers the dev login. Default false (true in application-demo.yml). */
        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** How long a minted token and its cookie live. Default 15m. */
        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }
}
