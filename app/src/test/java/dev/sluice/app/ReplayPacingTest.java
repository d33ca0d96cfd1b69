package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replay or a resume reads the log as fast as its client reads: a client that pauses, with a buffer of
 * 64 events and a socket that holds a few kilobytes, still gets all of a long history, and only one that
 * takes nothing for the stall timeout is disconnected.
 */
class ReplayPacingTest {

    static final int ITEMS = 20_000;
    static final int PER_POST = 1_000;
    /**
     * Events of about 400 bytes: 8 MB in all, more than the kernel's buffers of a connection hold (up to
     * 4 MB send buffer here, see SlowClientTest), so that a client that does not read holds up its reader.
     */
    static final String NAME = "n".repeat(300);

    static TestSluice sluice;
    /** The cursor of the last item of the first post: a resume from there is 19 000 events behind. */
    static String afterFirstPost;

    @BeforeAll
    static void fill() throws Exception {
        String topic = TestSluice.unique("replay");
        sluice = TestSluice.start(topic, Map.of(
                "sluice.routes.r.from", topic,
                "sluice.routes.r.to", "sse",
                "sluice.sse.buffer", "64",
                "sluice.sse.stall-timeout", "1m", // much longer than the clients' pauses
                "sluice.sse.heartbeat", "1h"));
        for (int from = 0; from < ITEMS; from += PER_POST) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < from + PER_POST; i++) {
                body.append(i == from ? "" : ",").append("{\"itemId\":\"").append(itemId(i))
                        .append("\",\"name\":\"").append(NAME).append("\"}");
            }
            var answer = sluice.postJson(body.append(']').toString());
            assertEquals(200, answer.statusCode(), answer.body());
            if (from == 0) {
                JsonNode items = MasterDataStreamsTest.JSON.readTree(answer.body()).get("items");
                afterFirstPost = items.get(PER_POST - 1).get("position").asText();
            }
        }
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    static String itemId(int i) {
        return "p%05d".formatted(i);
    }

    static List<String> items(int from, int to) {
        return IntStream.range(from, to).mapToObj(ReplayPacingTest::itemId).toList();
    }

    @Test
    void aReplayFromEarliestFollowsAClientThatPausesAndGetsEverythingOnceInOrder() throws Exception {
        try (RawSse client = RawSse.open(sluice, "/r/stream?from=earliest", Map.of())) {
            Thread.sleep(1_000); // not reading: the socket fills and the server's buffer of 64 with it
            List<String> got = client.itemIds(ITEMS);
            assertEquals(items(0, ITEMS), got, "all " + ITEMS + " items in order, exactly once");
        }
    }

    @Test
    void aResumeFarBehindFollowsAClientThatPausesToo() throws Exception {
        try (RawSse client = RawSse.open(sluice, "/r/stream", Map.of("Last-Event-ID", afterFirstPost))) {
            Thread.sleep(1_000);
            assertEquals(items(PER_POST, ITEMS), client.itemIds(ITEMS - PER_POST));
        }
    }

    @Test
    void aReplayClientThatStopsReadingIsDisconnectedAfterTheStallTimeoutWhileAnotherGetsEverything() throws Exception {
        String topic = TestSluice.unique("stall");
        try (TestSluice stallApp = TestSluice.start(topic, Map.of(
                "sluice.routes.t.from", topic,
                "sluice.routes.t.to", "sse",
                "sluice.sse.buffer", "64",
                "sluice.sse.stall-timeout", "2s",
                "sluice.sse.heartbeat", "1h"))) {
            // 9 MB: more than the kernel's buffers of the stalled connection hold (see SlowClientTest)
            String padding = "p".repeat(3000);
            int posts = 30;
            int perPost = 100;
            for (int b = 0; b < posts; b++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < perPost; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"itemId\":\"").append(itemId(b * perPost + i))
                            .append("\",\"name\":\"").append(padding).append("\"}");
                }
                assertEquals(200, stallApp.postJson(body.append(']').toString()).statusCode());
            }
            int all = posts * perPost;
            try (RawSse stalled = RawSse.open(stallApp, "/t/stream?from=earliest", Map.of());
                 RawSse healthy = RawSse.open(stallApp, "/t/stream?from=earliest", Map.of())) {
                Thread.sleep(300); // a pause well within the stall timeout costs nothing
                assertEquals(items(0, all), healthy.itemIds(all));
                // the stalled replay's subscription ends without its client reading anything
                assertTrue(eventually(() -> subscribers(stallApp, "t") == 1),
                        "the stalled replay is still subscribed: " + subscribers(stallApp, "t") + " subscribers");

                long bytes = stalled.drainUntilClosed();
                assertTrue(bytes < (long) all * padding.length(), "the stalled client got everything: " + bytes);

                assertEquals(200, stallApp.postJson("{\"itemId\":\"after\",\"name\":\"n\"}").statusCode());
                assertEquals(List.of("after"), healthy.itemIds(1), "the other client is still connected");
            }
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits up to 30 s for {@code condition}; true once it holds. */
    static boolean eventually(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    static int subscribers(TestSluice app, String route) throws Exception {
        for (JsonNode r : MasterDataStreamsTest.JSON.readTree(app.get("/api/routes").body())) {
            if (r.get("name").asText().equals(route)) {
                return r.get("counts").get("subscribers").asInt();
            }
        }
        throw new AssertionError("no route " + route);
    }

    /**
     * An SSE client on a plain socket whose receive buffer holds a few kilobytes, so that when it does not
     * read, the server soon cannot write to it. Reads the chunked body itself.
     */
    static final class RawSse implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private InputStream body; // once the response's head has been read

        private RawSse(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        static RawSse open(TestSluice app, String target, Map<String, String> headers) throws IOException {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", app.server.getPort()));
            socket.setSoTimeout(30_000); // a stream that stops fails the test instead of hanging it
            StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new RawSse(socket);
        }

        /** Reads on until {@code count} more events came (or fails); their items' ids in order. */
        List<String> itemIds(int count) throws IOException {
            if (body == null) {
                String status = line(in);
                assertTrue(status.startsWith("HTTP/1.1 200"), status);
                boolean chunked = false;
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    chunked |= header.toLowerCase().replace(" ", "").equals("transfer-encoding:chunked");
                }
                body = chunked ? new BufferedInputStream(new Dechunked(in)) : in;
            }
            List<String> ids = new ArrayList<>(count);
            String data = null;
            try {
                while (ids.size() < count) {
                    String line = line(body);
                    if (line.isEmpty()) {
                        if (data != null) {
                            ids.add(MasterDataStreamsTest.field(data, "itemId"));
                        }
                        data = null;
                    } else if (line.startsWith("data:")) {
                        data = line.substring(5).strip();
                    }
                }
            } catch (EOFException | SocketTimeoutException e) {
                throw new AssertionError("the stream ended after " + ids.size() + " of " + count + " events"
                        + (ids.isEmpty() ? "" : ", the last " + ids.getLast()), e);
            }
            return ids;
        }

        /** Reads whatever comes until the server closes the connection (or fails); the bytes read. */
        long drainUntilClosed() throws IOException {
            long bytes = 0;
            byte[] chunk = new byte[65536];
            try {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    bytes += n;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close the connection (read " + bytes + " bytes)", e);
            }
            return bytes;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        /** One line without its CR LF; EOFException at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException();
                }
                bytes.write(b);
            }
            String line = bytes.toString(StandardCharsets.UTF_8);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }

    /** The body of a response in HTTP/1.1 chunked transfer coding. */
    static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left; // of the current chunk; -1 after the last

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                String size = RawSse.line(in);
                if (size.isEmpty()) { // the CR LF that ends the previous chunk
                    size = RawSse.line(in);
                }
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
                if (left == 0) {
                    left = -1;
                }
            }
            if (left < 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("in a chunk");
            }
            left -= n;
            return n;
        }
    }
}
