package dev.sluice.http.webhook;

import dev.sluice.cloudevents.HttpBinding;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.PushSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs each event to one URL in CloudEvents HTTP binary mode ({@link HttpBinding}): the payload is the
 * body, the context attributes are {@code ce-*} headers, percent-encoded where a header cannot carry a
 * character; plus the route's own headers and credentials, and the Standard Webhooks signature when the
 * route has secrets ({@link WebhookSigner}, with the event id as {@code webhook-id}, the same on every
 * attempt so that a receiver can drop a repeat).
 *
 * <p>2xx is success; 408, 425, 429, 5xx, no answer within the timeout and transport failures may be retried;
 * {@code Retry-After} (seconds or HTTP date) is passed on. {@code 410 Gone} means the receiver takes nothing
 * more at this URL: the outcome is {@link Outcome#gone()}, and the route pauses. A redirect is never
 * followed (its target was never checked) and, like any other status, is final.
 *
 * <p>Where it connects: its own connection pool resolves the URL's host through the {@link TargetRule} on
 * each new connection, checks every address, and connects to those addresses only; the URL's host stays the
 * {@code Host} header, the TLS server name and the name the certificate must match. So what was checked is
 * what is reached: a name that resolves to another address a moment later (DNS rebinding) gets no
 * connection to it. A kept-alive connection stays with the address it was checked for. No proxy is used.
 */
final class WebhookSink implements PushSink {

    /** Connections of one sink at most: as many as a route's highest concurrency. */
    static final int MAX_CONNECTIONS = 1000;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final CloseableHttpClient client;
    private final URI url;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final WebhookSigner signer;
    private final Clock clock;
    private final String description;

    /**
     * @param headers the route's own headers, credentials included (never shown)
     * @param signer  the route's secrets, or null for unsigned requests
     */
    WebhookSink(URI url, Duration timeout, Map<String, String> headers, WebhookSigner signer, TargetRule rule,
                Clock clock) {
        this.url = url;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        this.signer = signer;
        this.clock = clock;
        this.client = client(rule, timeout);
        this.description = "webhook " + redact(url);
    }

    private static CloseableHttpClient client(TargetRule rule, Duration timeout) {
        Timeout attempt = Timeout.of(timeout);
        Timeout connect = Timeout.of(timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedDns(rule))
                        .setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault())
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(attempt)
                                // a kept-alive connection the receiver closed is noticed before a POST goes on it
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                // straight to the target: through a proxy, the rule would judge the proxy's address
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(attempt)
                        .setResponseTimeout(attempt)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries() // the route retries, with its backoff
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    @Override
    public Outcome deliver(EventEnvelope event) throws InterruptedException {
        HttpPost post = new HttpPost(url);
        headers.forEach(post::addHeader);
        HttpBinding.write(event, post::setHeader);
        if (signer != null) {
            String id = HttpBinding.headerValue(event.id());
            long timestamp = clock.instant().getEpochSecond();
            post.setHeader("webhook-id", id);
            post.setHeader("webhook-timestamp", Long.toString(timestamp));
            post.setHeader("webhook-signature", signer.signature(id, timestamp, event.payload()));
        }
        post.setEntity(new ByteArrayEntity(event.payload(), null));
        long start = System.nanoTime();
        // on a thread of its own, so that an interrupt or the attempt's deadline ends it at once (a blocking
        // read on a platform thread would not notice either)
        FutureTask<Outcome> call = new FutureTask<>(() -> client.execute(post, response -> outcome(response, start)));
        Thread.ofVirtual().name("sluice-webhook").start(call);
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            post.cancel();
            throw e;
        } catch (TimeoutException e) {
            post.cancel();
            return new Outcome(false, true, 0, null, "no answer within " + timeout.toMillis() + " ms", since(start));
        } catch (ExecutionException e) {
            return failure(e.getCause(), start);
        }
    }

    private Outcome outcome(ClassicHttpResponse response, long start) {
        Duration latency = since(start);
        int status = response.getCode();
        if (status >= 200 && status < 300) {
            return Outcome.success(status, latency);
        }
        if (status == 410) {
            return Outcome.gone(status, "the receiver answered 410 Gone: it takes no more events at this URL;"
                    + " resume the route when it does again", latency);
        }
        if (status >= 300 && status < 400) {
            Header location = response.getFirstHeader("Location");
            return new Outcome(false, false, status, null, "HTTP " + status + ", a redirect"
                    + (location == null ? "" : " to " + redactLocation(location.getValue()))
                    + ", which a webhook never follows: set the route's url to where it leads", latency);
        }
        boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
        Header retryAfter = response.getFirstHeader("Retry-After");
        return new Outcome(false, retryable, status, retryAfter == null ? null : retryAfter(retryAfter.getValue()),
                "HTTP " + status, latency);
    }

    private Outcome failure(Throwable cause, long start) {
        if (cause instanceof TargetRule.RefusedTarget refused) {
            // the same address would be refused on every attempt: final, so the event is dead-lettered at once
            return new Outcome(false, false, 0, null, "target refused: " + refused.getMessage() + "; "
                    + TargetRule.HOW_TO_ALLOW, since(start));
        }
        if (cause instanceof IOException e) {
            return new Outcome(false, true, 0, null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), since(start));
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException(cause);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static Duration retryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(ZoneOffset.UTC), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** A redirect's target as {@link #redact} shows a URL, resolved against the webhook's own. */
    private String redactLocation(String location) {
        try {
            URI target = url.resolve(location.trim());
            return target.getHost() == null ? "another URL" : redact(target);
        } catch (IllegalArgumentException e) {
            return "another URL";
        }
    }

    /** The URL without user info and query, which may carry credentials. */
    static String redact(URI url) {
        String authority = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return url.getScheme() + "://" + authority + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?…");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }

    /** Resolves through the rule: every address is checked, and only checked addresses are connected to. */
    private record CheckedDns(TargetRule rule) implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return rule.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host; // asked only by authentication schemes this client does not use
        }
    }
}
