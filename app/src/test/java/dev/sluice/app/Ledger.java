package dev.sluice.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes one item per POST, one after another, from a thread of its own until stopped, and counts what
 * Sluice acknowledged (200), refused as unavailable (503) and anything else. Item ids are
 * {@code <prefix>-<n>}.
 */
final class Ledger implements AutoCloseable {

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger unavailable = new AtomicInteger();
    final List<String> other = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Ledger(URI producer, String prefix) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        thread = Thread.ofPlatform().name("ledger-" + prefix).start(() -> {
            for (int n = 0; running.get(); n++) {
                String id = prefix + "-" + n;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(producer)
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"itemId\":\"" + id + "\",\"name\":\"n\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    switch (r.statusCode()) {
                        case 200 -> acknowledged.add(id);
                        case 503 -> unavailable.incrementAndGet();
                        default -> other.add(r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(r.statusCode() == 200 ? 5 : 50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    other.add(id + ": " + e);
                }
            }
        });
    }

    /** Stops publishing and waits for the request in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(60));
    }

    /** Acknowledged ids that are not in {@code delivered}. */
    Set<String> missing(java.util.Collection<String> delivered) {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        missing.addAll(acknowledged);
        missing.removeAll(Set.copyOf(delivered));
        return missing;
    }

    Map<String, Object> summary(java.util.Collection<String> delivered) {
        return Map.of("acknowledged", acknowledged.size(), "unavailable", unavailable.get(), "other", other.size(),
                "delivered", delivered.size(), "missing", missing(delivered).size());
    }
}
