package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 5, "Shutdown drains": the packaged jar under concurrent POSTs gets SIGTERM. What it had
 * read gets a complete answer, later requests get a clean failure (a refused connection, or 503 with
 * Retry-After), an open SSE stream is finished rather than cut off, a route's consumer gives back the
 * event it was delivering, it exits within 30 s, and after a restart every item it acknowledged is on
 * the log and every item on the log reaches the webhook.
 */
class GracefulShutdownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCER = "/streams-master-data/producer";
    private static final int CLIENTS = 8;
    private static final int ITEMS_PER_REQUEST = 5;
    /** Requests in the middle of their body when the signal comes: the server has read part of them. */
    private static final int HALF_SENT = 3;
    /** Acknowledged requests before the signal, so that it comes under load. */
    private static final int WARM_UP = 150;

    /** What one load request got: an HTTP answer, or the I/O failure instead of one. */
    record Outcome(List<String> items, boolean beforeSignal, int status, String contentType, String retryAfter,
                   String body, IOException failure) {
        boolean acknowledged() {
            return failure == null && status == 200;
        }
    }

    @Test
    void sigtermAnswersWhatWasReadRefusesTheRestExitsWithin30sAndKeepsWhatItAcknowledged() throws Exception {
        Path data = Files.createTempDirectory("sluice-drain");
        int port = SluiceProcess.freePort();
        // the demo route erp-json delivers every item to this webhook; from the signal on it holds each
        // call unanswered, so the route is mid-delivery when it stops, and then declines it
        AtomicBoolean holding = new AtomicBoolean();
        CountDownLatch released = new CountDownLatch(1);
        Receiver erp = new Receiver(() -> {
            if (holding.get()) {
                awaitQuietly(released);
                return 503;
            }
            return 200;
        });
        // quotas off: 8 clients post as fast as they can from one address, and what the signal finds in
        // flight is the point here (a quota would answer 429 before it)
        Map<String, String> env = Map.of("ERP_JSON_URL", erp.url(), "MICRONAUT_ENVIRONMENTS", "s1",
                "SLUICE_SECURITY_QUOTAS_ENABLED", "false");
        SluiceProcess first = SluiceProcess.jar(data, port, env);
        first.awaitHealthy();

        Ledger ledger = new Ledger();
        AtomicBoolean load = new AtomicBoolean(true);
        AtomicLong signalledAt = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch warm = new CountDownLatch(WARM_UP);
        List<Thread> clients = new ArrayList<>();
        List<HalfSent> halfSent = new ArrayList<>();
        long signalled;
        boolean exited;
        long exitedAfterMillis;
        String streamEnd;
        // an open stream, as the console keeps one
        try (SseClient watcher = SseClient.connect(first.uri("/streams-master-data-json/stream"), null)) {
            for (int k = 0; k < HALF_SENT; k++) {
                halfSent.add(HalfSent.open(port, "H" + k));
            }
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(Thread.ofVirtual().start(() -> postUntilGone(first, client, load, signalledAt, warm, ledger)));
            }
            assertTrue(warm.await(60, TimeUnit.SECONDS), "the load did not get going: " + first.log());

            signalled = System.nanoTime();
            signalledAt.set(signalled);
            holding.set(true);
            first.process.destroy(); // SIGTERM
            awaitRefused(port, first.process);
            for (HalfSent request : halfSent) {
                request.finish();
            }
            exited = first.process.waitFor(60, TimeUnit.SECONDS);
            exitedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            load.set(false);
            for (Thread client : clients) {
                client.join();
            }
            streamEnd = watcher.end();
        } finally {
            load.set(false);
            first.process.destroyForcibly().waitFor();
            holding.set(false);
            released.countDown();
        }

        Set<String> onLog = new HashSet<>();
        Set<String> undelivered;
        SluiceProcess second = SluiceProcess.jar(data, port, env).awaitHealthy();
        try {
            assertEquals(200, second.postJson(PRODUCER, item("sentinel")).statusCode());
            try (SseClient replay = SseClient.connect(second.uri("/streams-master-data-json/stream?from=earliest"), null)) {
                replay.awaitUntil(e -> "sentinel".equals(MasterDataStreamsTest.field(e.data(), "itemId")))
                        .forEach(e -> onLog.add(MasterDataStreamsTest.field(e.data(), "itemId")));
            }
            undelivered = awaitDelivered(erp, onLog);
        } finally {
            second.stop();
            erp.close();
        }

        List<Outcome> outcomes = List.copyOf(ledger.all);
        Set<String> acknowledged = new HashSet<>();
        outcomes.stream().filter(Outcome::acknowledged).forEach(o -> acknowledged.addAll(o.items()));
        halfSent.stream().filter(HalfSent::acknowledged).forEach(h -> acknowledged.addAll(h.items));
        List<Outcome> brokenBeforeSignal = outcomes.stream()
                .filter(o -> o.failure() != null && o.beforeSignal()).toList();
        // a request sent after the signal may meet a keep-alive connection the server closes as idle:
        // a clean failure only if the server never read it, so none of its items may be on the log
        List<Outcome> writtenButBroken = outcomes.stream()
                .filter(o -> o.failure() != null && o.items().stream().anyMatch(onLog::contains)).toList();
        List<Outcome> unclean = outcomes.stream().filter(o -> o.failure() == null && !o.acknowledged()
                && !(o.status() == 503 && o.contentType().startsWith("application/problem+json")
                && o.retryAfter() != null)).toList();
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(onLog);
        String summary = summary(outcomes, ledger.refused.get(), halfSent, exitedAfterMillis);
        System.out.println("GracefulShutdownIT: " + summary + ", SSE stream " + streamEnd);

        assertAll(
                () -> assertTrue(exited && exitedAfterMillis <= 30_000,
                        "exits within 30 s of SIGTERM; " + summary + "\n" + tail(first.log())),
                () -> assertEquals("ended", streamEnd, "the open SSE stream was finished when the drain began, not"
                        + " cut off when the grace period ran out"),
                () -> assertTrue(halfSent.stream().allMatch(HalfSent::acknowledged),
                        "every request the server had begun to read before the signal got its 200: "
                                + halfSent.stream().map(h -> h.outcome).toList() + "; " + summary),
                () -> assertTrue(brokenBeforeSignal.isEmpty(), brokenBeforeSignal.size() + " requests sent before"
                        + " SIGTERM got no answer, e.g. " + brokenBeforeSignal.stream().limit(3)
                        .map(o -> o.failure().toString()).toList() + "; " + summary),
                () -> assertTrue(writtenButBroken.isEmpty(), writtenButBroken.size() + " requests were written to the"
                        + " log but got a broken connection instead of their answer, e.g. "
                        + writtenButBroken.stream().limit(3).map(o -> o.failure().toString()).toList() + "; " + summary),
                () -> assertTrue(unclean.isEmpty(), "answers other than 200 are 503 problems with Retry-After: "
                        + unclean.stream().limit(3).toList()),
                () -> assertTrue(lost.isEmpty(), lost.size() + " acknowledged items are missing after the restart"),
                () -> assertTrue(undelivered.isEmpty(), undelivered.size() + " items on the log never reached the"
                        + " webhook: what the route had not delivered when it stopped did not come again"));
    }

    /** One client of the load: unique items per request, until the server is gone. */
    private static void postUntilGone(SluiceProcess sluice, int client, AtomicBoolean load, AtomicLong signalledAt,
                                      CountDownLatch warm, Ledger ledger) {
        for (int seq = 0; load.get(); seq++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < ITEMS_PER_REQUEST; i++) {
                items.add("L" + client + "-" + seq + "-" + i);
            }
            boolean beforeSignal = System.nanoTime() < signalledAt.get();
            try {
                HttpResponse<String> response = SluiceProcess.HTTP.send(HttpRequest.newBuilder(sluice.uri(PRODUCER))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(batch(items))).build(),
                        HttpResponse.BodyHandlers.ofString());
                ledger.add(new Outcome(items, beforeSignal, response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""),
                        response.headers().firstValue("Retry-After").orElse(null), response.body(), null));
                if (response.statusCode() == 200) {
                    warm.countDown();
                }
            } catch (ConnectException refused) {
                // a clean refusal: nothing was sent
                ledger.refused.incrementAndGet();
                if (!sluice.process.isAlive()) {
                    return;
                }
                pause();
            } catch (IOException failure) {
                ledger.add(new Outcome(items, beforeSignal, 0, "", null, null, failure));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The items of {@code onLog} the webhook has not accepted after 120 s (none, once the route caught up). */
    private static Set<String> awaitDelivered(Receiver erp, Set<String> onLog) throws InterruptedException {
        Set<String> missing = new HashSet<>(onLog);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen = 0;
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            List<Receiver.Delivery> accepted = List.copyOf(erp.accepted);
            for (Receiver.Delivery d : accepted.subList(seen, accepted.size())) {
                missing.remove(MasterDataStreamsTest.field(d.body(), "itemId"));
            }
            seen = accepted.size();
            Thread.sleep(50);
        }
        return missing;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shutdown has begun once the server refuses new connections (or has exited). */
    private static void awaitRefused(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(10);
        }
    }

    static String item(String id) {
        return "{\"itemId\":\"" + id + "\",\"name\":\"n\",\"category\":\"Electronics\"}";
    }

    static String batch(List<String> ids) {
        return "[" + String.join(",", ids.stream().map(GracefulShutdownIT::item).toList()) + "]";
    }

    private static String summary(List<Outcome> outcomes, int refused, List<HalfSent> halfSent, long exitedAfterMillis) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            counts.merge((o.failure() != null ? o.failure().getClass().getSimpleName() : "HTTP " + o.status())
                    + (o.beforeSignal() ? " sent before SIGTERM" : " after"), 1, Integer::sum);
        }
        return "load outcomes " + counts + ", refused connections " + refused + ", half-sent " + halfSent.stream().map(h -> h.outcome).toList()
                + ", exited " + exitedAfterMillis + " ms after SIGTERM";
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    /** The ledger of load requests, filled from several threads. */
    static final class Ledger {
        final ConcurrentLinkedQueue<Outcome> all = new ConcurrentLinkedQueue<>();
        final AtomicInteger refused = new AtomicInteger();

        void add(Outcome outcome) {
            all.add(outcome);
        }
    }

    /**
     * A POST on a raw socket whose headers and first half of the body go out before the signal and the
     * rest after shutdown began: the server is reading it when the signal comes, so it must answer it.
     */
    static final class HalfSent {
        final List<String> items = new ArrayList<>();
        final Socket socket;
        final byte[] body;
        String outcome = "not finished";

        private HalfSent(Socket socket, byte[] body, List<String> items) {
            this.socket = socket;
            this.body = body;
            this.items.addAll(items);
        }

        static HalfSent open(int port, String name) throws IOException {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < ITEMS_PER_REQUEST; i++) {
                items.add(name + "-" + i);
            }
            byte[] body = batch(items).getBytes(StandardCharsets.UTF_8);
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PRODUCER + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            return new HalfSent(socket, body, items);
        }

        void finish() {
            try (socket) {
                socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
                socket.getOutputStream().flush();
                outcome = readResponse(socket.getInputStream());
            } catch (IOException e) {
                outcome = e.toString();
            }
        }

        boolean acknowledged() {
            return outcome.startsWith("200 ");
        }

        /** "status receipt-count" for a complete response, else what was wrong with it. */
        private String readResponse(InputStream in) throws IOException {
            String head = readHead(in);
            if (head == null) {
                return "closed before any response";
            }
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            byte[] content;
            if (headers.containsKey("content-length")) {
                content = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                if (content.length < Integer.parseInt(headers.get("content-length"))) {
                    return status + " truncated";
                }
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                content = readChunked(in);
                if (content == null) {
                    return status + " truncated";
                }
            } else {
                return status + " without length";
            }
            if (status != 200) {
                return status + " " + new String(content, StandardCharsets.UTF_8);
            }
            JsonNode receipt = JSON.readTree(content);
            return status + " " + receipt.get("count").asInt() + " items";
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    String text = head.toString(StandardCharsets.US_ASCII);
                    return text.substring(0, text.length() - 4);
                }
            }
            return null;
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    return null;
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine(in);
                    return content.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size || readLine(in) == null) {
                    return null;
                }
                content.write(chunk);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.US_ASCII);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return null;
        }
    }
}
