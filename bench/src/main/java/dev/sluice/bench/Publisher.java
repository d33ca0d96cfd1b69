package dev.sluice.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * POSTs single items at a fixed rate (open loop: a slow answer does not delay the next send), each
 * carrying its send time as a latency mark.
 */
final class Publisher {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(512);

    Publisher(URI url) {
        this.url = url;
    }

    /** Publishes for {@code duration} at {@code perSecond}; returns when the last answer came. */
    void publish(int perSecond, Duration duration) throws InterruptedException {
        long period = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire(5, TimeUnit.SECONDS)) {
                failed.incrementAndGet();
                continue;
            }
            String body = Items.item((int) i, Items.mark(System.nanoTime()));
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            sent.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null || r.statusCode() >= 300) {
                    failed.incrementAndGet();
                }
            });
        }
        inFlight.acquire(512);
        inFlight.release(512);
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }
}
