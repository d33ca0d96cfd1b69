package dev.sluice.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** A real HTTP server standing in for an ERP: records what it accepted and fails as told. */
final class Receiver implements AutoCloseable {

    record Delivery(String body, Map<String, List<String>> headers) {
        /** The first value of a header, by its name in any case; null when absent. */
        String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }
    }

    final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    /** Every request, whatever it was answered, in the order they came. */
    final List<Delivery> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    /** When each call arrived ({@link System#nanoTime()}), to measure retry delays. */
    final List<Long> callNanos = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile IntSupplier status;
    private volatile Map<String, String> responseHeaders = Map.of();

    Receiver(IntSupplier status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/erp/receive", exchange -> {
            callNanos.add(System.nanoTime());
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            int code = this.status.getAsInt();
            Delivery delivery = new Delivery(new String(body, StandardCharsets.UTF_8), Map.copyOf(exchange.getRequestHeaders()));
            received.add(delivery);
            if (code >= 200 && code < 300) {
                accepted.add(delivery);
            }
            responseHeaders.forEach(exchange.getResponseHeaders()::add);
            byte[] answer = "{\"status\":\"received\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Fails the first {@code n} calls with {@code code}, then accepts. */
    static IntSupplier failFirst(int n, int code) {
        AtomicInteger seen = new AtomicInteger();
        return () -> seen.incrementAndGet() <= n ? code : 200;
    }

    void answer(IntSupplier status) {
        this.status = status;
    }

    /** Adds these headers to every answer from now on (a redirect's {@code Location}). */
    void answerWith(Map<String, String> headers) {
        this.responseHeaders = Map.copyOf(headers);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/erp/receive";
    }

    List<Delivery> await(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepted.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (accepted.size() < count) {
            throw new AssertionError("expected " + count + " deliveries within 60 s, got " + accepted.size());
        }
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
