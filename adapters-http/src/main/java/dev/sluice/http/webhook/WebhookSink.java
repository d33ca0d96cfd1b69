package dev.sluice.http.webhook;

import dev.sluice.cloudevents.HttpBinding;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.PushSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * POSTs each event to one URL in CloudEvents HTTP binary mode ({@link HttpBinding}): the payload is the
 * body, the context attributes are {@code ce-*} headers, percent-encoded where a header cannot carry a
 * character. 2xx is success; 408, 425, 429, 5xx and transport failures may
 * be retried; any other status is final. {@code Retry-After} (seconds or HTTP date) is passed on.
 */
final class WebhookSink implements PushSink {

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final String description;

    WebhookSink(HttpClient client, URI url, Duration timeout) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
        this.description = "webhook " + redact(url);
    }

    @Override
    public Outcome deliver(EventEnvelope event) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout);
        HttpBinding.write(event, request::header);
        request.POST(HttpRequest.BodyPublishers.ofByteArray(event.payload()));
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.success(status, latency);
            }
            boolean retryable = status == 408 || status == 425 || status == 429 || status >= 500;
            Duration retryAfter = response.headers().firstValue("Retry-After").map(WebhookSink::retryAfter).orElse(null);
            return new Outcome(false, retryable, status, retryAfter, "HTTP " + status, latency);
        } catch (IOException e) {
            return new Outcome(false, true, 0, null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), Duration.ofNanos(System.nanoTime() - start));
        }
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
}
