package dev.sluice.http.webhook;

import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Sink {@code webhook}: options {@code url} (required, http or https) and {@code timeout} (per attempt,
 * default 10s). All webhook routes share one HTTP client and its keep-alive connections.
 */
public final class WebhookSinkPlugin implements SinkPlugin {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public java.util.Set<String> options() {
        return java.util.Set.of("url", "timeout");
    }

    @Override
    public Sink open(Map<String, String> options) {
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
        Duration timeout = dev.sluice.ports.spi.Options.duration(options, "timeout", "10s");
        return new WebhookSink(CLIENT, uri, timeout);
    }
}
