package dev.sluice.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A test client for Server-Sent Events over a real HTTP connection; collects events and comments. */
final class SseClient implements AutoCloseable {

    record Event(String id, String type, String data) {}

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    final int status;
    final String contentType;
    private final InputStream body;
    private final Thread reader;
    /** "ended" once the server finished the response, or the I/O failure that broke it off. */
    private volatile String end;

    private SseClient(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("content-type").orElse("");
        this.body = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static SseClient connect(URI uri, String lastEventId) throws IOException, InterruptedException {
        return connect(uri, lastEventId, java.util.Map.of());
    }

    static SseClient connect(URI uri, String lastEventId, java.util.Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(response);
    }

    /** Reads the stream of a response the caller got with a client of its own (an HTTP/2 one, say). */
    static SseClient of(HttpResponse<InputStream> response) {
        return new SseClient(response);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String chunk = line.substring(5);
                    chunk = chunk.startsWith(" ") ? chunk.substring(1) : chunk;
                    data = data == null ? new StringBuilder(chunk) : data.append('\n').append(chunk);
                }
            }
            end = "ended";
        } catch (IOException e) {
            end = e.toString(); // broken off, or closed by close()
        }
    }

    List<Event> await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (events.size() < count) {
            throw new AssertionError("expected " + count + " SSE events within 30 s, got " + events.size()
                    + (events.isEmpty() ? "" : ", the last with id " + events.get(events.size() - 1).id())
                    + (end == null ? "; the stream is still open" : "; the stream ended: " + end));
        }
        return List.copyOf(events);
    }

    /** Waits until an event matches {@code last} (60 s at most), then returns every event so far. */
    List<Event> awaitUntil(java.util.function.Predicate<Event> last) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (events.stream().noneMatch(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (events.stream().noneMatch(last)) {
            throw new AssertionError("the awaited SSE event did not come within 60 s; got " + events.size() + " others");
        }
        return List.copyOf(events);
    }

    /** How the response ended: "ended" when the server finished it, the failure when it broke off, null while open. */
    String end() {
        return end;
    }

    /** Waits a little longer to prove nothing more arrives. */
    List<Event> settle(Duration quiet) throws InterruptedException {
        Thread.sleep(quiet.toMillis());
        return List.copyOf(events);
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
