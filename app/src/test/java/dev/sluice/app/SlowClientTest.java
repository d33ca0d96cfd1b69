package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is dropped once its buffer is full, and nobody else waits for it.
 *
 * <p>The sizes: each POST is a burst of 50 events of 3 KB, and a reader that fell behind hands over up to
 * 200 at once (its read batch), so the buffer (512 events, 1.5 MB) leaves a client that reads room for
 * bursts and for a pause of its own on a busy machine (128 events, less than one coalesced read, cut off
 * a reading client once in CI). The volume (15 MB) is twice what the stalled connection can hold: the
 * server's socket send buffer (at most 4 MB here, tcp_wmem), one write in Netty's outbound buffer and
 * the connection's own buffer (1.5 MB each).
 */
class SlowClientTest {

    @Test
    void aClientThatStopsReadingIsDisconnectedWhileOthersGetEverything() throws Exception {
        String topic = TestSluice.unique("slow");
        try (TestSluice sluice = TestSluice.start(topic, Map.of(
                "sluice.routes.s.from", topic,
                "sluice.routes.s.to", "sse",
                "sluice.sse.buffer", "512",
                "sluice.sse.heartbeat", "1h"));
             Socket stalled = new Socket();
             SseClient healthy = SseClient.connect(sluice.uri("/s/stream"), null)) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", sluice.server.getPort()));
            stalled.getOutputStream().write(("GET /s/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            Thread.sleep(500); // let the stalled subscription start at "now"

            String padding = "p".repeat(3000);
            int batches = 100;
            int perBatch = 50;
            postPadded(sluice, batches, perBatch, padding);
            assertEquals(batches * perBatch, healthy.await(batches * perBatch).size(), "the reading client got everything");

            // now drain the stalled socket: the server must have closed it before sending everything
            stalled.setSoTimeout(1_000);
            InputStream in = stalled.getInputStream();
            long bytes = 0;
            byte[] chunk = new byte[65536];
            long deadline = System.nanoTime() + 30_000_000_000L;
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    int n = in.read(chunk);
                    if (n < 0) {
                        closed = true;
                    } else {
                        bytes += n;
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing more right now; keep waiting for the close until the deadline
                }
            }
            assertTrue(closed, "the stalled client was never disconnected (read " + bytes + " bytes)");
            long everything = (long) batches * perBatch * padding.length();
            assertTrue(bytes < everything, "the stalled client was cut off early: " + bytes + " of " + everything);
        }
    }

    /** Posts {@code batches} arrays of {@code perBatch} items whose name is {@code padding}, ids {@code b-i}. */
    static void postPadded(TestSluice sluice, int batches, int perBatch, String padding) throws Exception {
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < perBatch; i++) {
                body.append(i == 0 ? "" : ",").append("{\"itemId\":\"").append(b).append('-').append(i)
                        .append("\",\"name\":\"").append(padding).append("\"}");
            }
            assertEquals(200, sluice.postJson(body.append(']').toString()).statusCode());
        }
    }
}
