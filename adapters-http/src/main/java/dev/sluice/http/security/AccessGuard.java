package dev.sluice.http.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure unless told otherwise: access control is on as soon as credentials are configured (an API key,
 * or {@code sluice.security.enabled} for tokens only). Without any, Sluice serves every endpoint openly,
 * and only while bound to a loopback address; bound to anything else it does not start, and says which
 * setting to give. Checked once, when the context starts.
 */
@Context
public final class AccessGuard {

    private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);

    private final boolean enabled;
    private final String host;

    AccessGuard(ApiKeys keys, AccessSettings settings, @Value("${micronaut.server.host:}") String host) {
        this.enabled = keys.any() || settings.isEnabled();
        this.host = host;
        if (enabled) {
            LOG.info("access control is on: every endpoint but docs, health and the console needs an API key "
                    + "(X-API-Key) or a bearer token with the right scope");
        } else if (isLoopback(host)) {
            LOG.warn("access control is OFF: no credentials are configured, so every endpoint is open to anyone on this "
                    + "machine (Sluice listens on {} only). Configure sluice.security.api-keys to turn it on", host);
        } else {
            throw new ConfigurationException("Sluice would listen on " + (host.isBlank() ? "every interface" : host)
                    + " with no credentials configured, so anyone who reaches the port could use every endpoint. Configure "
                    + "an API key in a configuration file (sluice.security.api-keys.<name>.key and .scopes, the key "
                    + "itself from the environment as a placeholder such as ${OPS_KEY}; a key cannot be given by environment "
                    + "variables alone), or sluice.security.enabled=true (SLUICE_SECURITY_ENABLED=true) for bearer tokens, "
                    + "or listen on loopback only (SLUICE_HOST=127.0.0.1)");
        }
    }

    static boolean isLoopback(String host) {
        try {
            return host != null && !host.isBlank() && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether endpoints check credentials; false only on loopback without any configured. */
    public boolean enabled() {
        return enabled;
    }

    /** The address the server is told to listen on. */
    public String host() {
        return host;
    }
}
