package dev.sluice.amqp;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where an AMQP peer is and how to log in: {@code url} ({@code amqp://host:5672/vhost}, or
 * {@code amqps://}) and {@code username}/{@code password}, which may also sit in the URL. Credentials
 * come from configuration placeholders; {@link #toString()} and every message show only host and port.
 */
record AmqpEndpoint(String host, int port, boolean tls, String vhost, String username, String password) {

    static final String DEFAULT_URL = "amqp://127.0.0.1:5672";

    static AmqpEndpoint from(Map<String, String> options, String owner) {
        String url = options.getOrDefault("url", DEFAULT_URL).trim();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": 'url' is not a URI (expected amqp://host:port)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps") || uri.getHost() == null) {
            throw new IllegalArgumentException(owner + ": 'url' must look like amqp://host:port or amqps://host:port");
        }
        boolean tls = scheme.equals("amqps");
        String user = "guest";
        String pass = "guest";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            pass = parts.length > 1 ? decode(parts[1]) : "";
        }
        user = options.getOrDefault("username", user);
        pass = options.getOrDefault("password", pass);
        String path = uri.getRawPath();
        String vhost = path == null || path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 5671 : 5672;
        return new AmqpEndpoint(uri.getHost(), port, tls, vhost, user, pass);
    }

    static AmqpEndpoint fromSettings(Map<String, String> settings, String owner) {
        return from(Map.of("url", settings.getOrDefault("uri", DEFAULT_URL)), owner);
    }

    ConnectionFactory connectionFactory(String connectionName) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(host);
        f.setPort(port);
        f.setVirtualHost(vhost);
        f.setUsername(username);
        f.setPassword(password);
        if (tls) {
            try {
                f.useSslProtocol();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("TLS for " + this + " failed: " + e.getMessage(), e);
            }
        }
        f.setConnectionTimeout(5000);
        f.setAutomaticRecoveryEnabled(true);
        f.setNetworkRecoveryInterval(1000);
        f.setClientProperties(new java.util.HashMap<>(Map.of("connection_name", connectionName)));
        return f;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return host + ":" + port + (vhost.equals("/") ? "" : "/" + vhost);
    }
}
