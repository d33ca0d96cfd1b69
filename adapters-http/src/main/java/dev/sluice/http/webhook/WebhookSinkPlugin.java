package dev.sluice.http.webhook;

import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sink {@code webhook}. Options:
 * <ul>
 *   <li>{@code url} (required, http or https) and {@code timeout} (per attempt, default 10s);</li>
 *   <li>{@code signing-secret}: one or more Standard Webhooks secrets ({@code whsec_…}), separated by
 *       spaces, each giving one signature ({@link WebhookSigner});</li>
 *   <li>{@code header.<Name>}: a header sent with every request;</li>
 *   <li>{@code bearer-token}, or {@code username} and {@code password}: the request's {@code Authorization};</li>
 *   <li>{@code allow-private-network} ({@code true}: no {@link TargetRule} for this route) and
 *       {@code allowed-networks} (CIDRs the route may reach besides public addresses).</li>
 * </ul>
 * A URL whose host is an address the rule refuses fails here, at start-up; a name is checked on each
 * attempt, when it is resolved. Option values are never part of a message: secrets and credentials come
 * from the environment through placeholders, and a mistake names the option alone.
 *
 * <p>Sluice-wide settings ({@link #configure}): {@code allowed-networks}, CIDRs every webhook route may
 * reach (from {@code sluice.webhooks.allowed-networks}). Each sink has its own connection pool, closed with
 * its route.
 */
public final class WebhookSinkPlugin implements SinkPlugin {

    static final String HEADER = "header.";
    /** A header name as RFC 9110 spells a token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the client or the CloudEvents binding sets, or that would change how the request travels. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization",
            "proxy-connection", "webhook-id", "webhook-timestamp", "webhook-signature");

    private final TargetRule globalRule;
    private final Clock clock;

    public WebhookSinkPlugin() {
        this(TargetRule.STRICT, Clock.systemUTC());
    }

    WebhookSinkPlugin(TargetRule globalRule, Clock clock) {
        this.globalRule = globalRule;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Set<String> options() {
        return Set.of("url", "timeout", "signing-secret", HEADER, "bearer-token", "username", "password",
                "allow-private-network", "allowed-networks");
    }

    @Override
    public SinkPlugin configure(Map<String, String> settings) {
        String networks = settings.get("allowed-networks");
        try {
            return new WebhookSinkPlugin(TargetRule.STRICT.andAllowing(networks), clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'allowed-networks': " + e.getMessage(), e);
        }
    }

    @Override
    public Sink open(Map<String, String> options) {
        URI uri = url(options);
        TargetRule rule = rule(options);
        String refusal = rule.refusalOfLiteral(uri.getHost());
        if (refusal != null) {
            throw new IllegalArgumentException("sink 'webhook': 'url' targets an address webhooks may not reach: "
                    + refusal + "; " + TargetRule.HOW_TO_ALLOW);
        }
        Duration timeout = Options.duration(options, "timeout", "10s");
        String secrets = options.get("signing-secret");
        WebhookSigner signer = secrets == null || secrets.isBlank() ? null : WebhookSigner.of("signing-secret", secrets);
        return new WebhookSink(uri, timeout, headers(options), signer, rule, clock);
    }

    private static URI url(Map<String, String> options) {
        String url = options.get("url");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("sink 'webhook' needs option 'url'");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sink 'webhook': 'url' is not a URL", e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("sink 'webhook': 'url' must be an absolute http(s) URL, was "
                    + WebhookSink.redact(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("sink 'webhook': 'url' carries credentials before its host; give"
                    + " them as the options 'username' and 'password' (or 'bearer-token') instead");
        }
        return uri;
    }

    /** The Sluice-wide rule, opened or widened by the route's own options. */
    private TargetRule rule(Map<String, String> options) {
        String allowPrivate = options.getOrDefault("allow-private-network", "false").trim().toLowerCase(Locale.ROOT);
        if (!allowPrivate.equals("true") && !allowPrivate.equals("false")) {
            throw new IllegalArgumentException("sink 'webhook': 'allow-private-network' must be true or false");
        }
        if (allowPrivate.equals("true")) {
            return TargetRule.OPEN;
        }
        try {
            return globalRule.andAllowing(options.get("allowed-networks"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sink 'webhook': 'allowed-networks': " + e.getMessage(), e);
        }
    }

    /** The route's own headers and its Authorization, checked; values never appear in a message. */
    private static Map<String, String> headers(Map<String, String> options) {
        Map<String, String> headers = new LinkedHashMap<>();
        String bearer = options.get("bearer-token");
        String username = options.get("username");
        String password = options.get("password");
        if (bearer != null && (username != null || password != null)) {
            throw new IllegalArgumentException("sink 'webhook': give 'bearer-token' or 'username' and 'password',"
                    + " not both");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("sink 'webhook': 'password' needs 'username'");
        }
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + value("bearer-token", bearer.trim()));
        } else if (username != null) {
            if (username.contains(":")) {
                throw new IllegalArgumentException("sink 'webhook': 'username' cannot contain ':' (basic"
                        + " authentication separates it from the password with one)");
            }
            String pair = value("username", username) + ":" + (password == null ? "" : value("password", password));
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        options.forEach((key, value) -> {
            if (!key.startsWith(HEADER)) {
                return;
            }
            String name = key.substring(HEADER.length());
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("sink 'webhook': '" + key + "' does not name a header");
            }
            if (RESERVED.contains(lower) || lower.startsWith("ce-")) {
                throw new IllegalArgumentException("sink 'webhook': '" + key + "' is a header Sluice sets itself");
            }
            if (lower.equals("authorization") && !headers.isEmpty()) {
                throw new IllegalArgumentException("sink 'webhook': '" + key + "' and the route's credentials"
                        + " would both be the Authorization header");
            }
            headers.put(name, value(key, value));
        });
        return headers;
    }

    /** A header value as given, refused when it could end the header (CR, LF) or is no text (NUL). */
    private static String value(String option, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("sink 'webhook': '" + option + "' holds a line break or NUL,"
                        + " which no header value may");
            }
        }
        return value;
    }
}
