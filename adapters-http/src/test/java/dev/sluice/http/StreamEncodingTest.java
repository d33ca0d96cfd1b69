package dev.sluice.http;

import static dev.sluice.http.HttpHarness.pointers;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.in.SubscribeToChannel.ChannelEvent;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How {@code /<channel>/stream} writes a channel's events on the wire, read as raw lines: {@code id:} is
 * the cursor, {@code event:} the type, and the payload is one {@code data:} line, its line breaks folded
 * to spaces; and where the cursor or {@code from} the request names starts the subscription.
 */
class StreamEncodingTest extends AgainstFakePorts {

    @Test
    void eachEventIsItsCursorItsTypeAndItsPayloadOnOneDataLine() throws Exception {
        http.channels.events.add(new ChannelEvent("0:41", "master_data_item_published", "application/json",
                "{\"itemId\":\"1\"}", "e1"));
        http.channels.events.add(new ChannelEvent("0:42", "master_data_item_published", "application/xml",
                "<item>\n  <name>a</name>\r\n  <price>1</price>\r</item>", "e2"));

        List<String> wire = read("/c/stream", null, 2);

        assertEquals(": connected to c", wire.getFirst(), "a comment sends the headers at once");
        assertEquals(List.of(
                "id: 0:41", "event: master_data_item_published", "data: {\"itemId\":\"1\"}", "",
                "id: 0:42", "event: master_data_item_published",
                "data: <item>   <name>a</name>   <price>1</price> </item>", ""),
                wire.subList(wire.indexOf("id: 0:41"), wire.size()), "LF, CRLF and CR each become one space");
    }

    /**
     * Over HTTP/1.1 every piece of the stream is one chunk of the chunked encoding, whose size counts the
     * bytes (not the characters) of what it holds: the first, with the response head, from Micronaut's body;
     * the later ones written below the HTTP encoder. Read here as a strict parser would.
     */
    @Test
    void overHttp11EachPieceIsOneWellFormedChunk() throws Exception {
        URI uri = http.uri("/c/stream");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /c/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Accept-Encoding: gzip\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                head += (char) in.readUnsignedByte();
            }
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked"), head);
            assertEquals(": connected to c\n\n", chunk(in), "the first piece, with the head");

            http.channels.emit(new ChannelEvent("0:1", "t", "application/json", "{\"name\":\"caf\u00e9 \u20ac\"}", "e1"));
            assertEquals("id: 0:1\nevent: t\ndata: {\"name\":\"caf\u00e9 \u20ac\"}\n\n", chunk(in),
                    "the size counts UTF-8 bytes");
            http.channels.emit(new ChannelEvent("0:2", "t", "application/json", "{}", "e2"));
            http.channels.emit(new ChannelEvent("0:3", "t", "application/json", "[]", "e3"));
            String rest = chunk(in);
            if (!rest.contains("id: 0:3")) {
                rest += chunk(in); // the two events came as two pieces
            }
            assertEquals("id: 0:2\nevent: t\ndata: {}\n\nid: 0:3\nevent: t\ndata: []\n\n", rest);
        }
    }

    /** One chunk: its hexadecimal size, CRLF, exactly that many bytes, CRLF. */
    private static String chunk(DataInputStream in) throws IOException {
        StringBuilder size = new StringBuilder();
        for (int c = in.readUnsignedByte(); c != '\r'; c = in.readUnsignedByte()) {
            size.append((char) c);
        }
        assertEquals('\n', in.readUnsignedByte(), "CRLF after the size");
        byte[] data = new byte[Integer.parseInt(size.toString(), 16)];
        in.readFully(data);
        assertEquals('\r', in.readUnsignedByte(), "CRLF after the data");
        assertEquals('\n', in.readUnsignedByte(), "CRLF after the data");
        return new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void aClientThatAcceptsGzipGetsTheStreamUncompressed() throws Exception {
        http.channels.events.add(new ChannelEvent("0:7", "t", "application/json", "{\"a\":1}", "e7"));
        HttpResponse<Stream<String>> response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> http.client().send(
                HttpRequest.newBuilder(http.uri("/c/stream")).header("Accept-Encoding", "gzip, deflate, br, zstd").GET().build(),
                HttpResponse.BodyHandlers.ofLines()));
        assertEquals(200, response.statusCode());
        assertEquals(null, response.headers().firstValue("content-encoding").orElse(null),
                "no compressor per connection (sluice.sse.compression is off)");
        try (Stream<String> lines = response.body()) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertTrue(lines.anyMatch("data: {\"a\":1}"::equals), "the event, readable as it is"));
        }
    }

    @Test
    void aSubscriptionStartsAtLatestUnlessTheRequestSaysOtherwise() throws Exception {
        read("/c/stream", null, 0);
        read("/c/stream?from=earliest", null, 0);
        read("/c/stream?from=LATEST", null, 0);
        read("/c/stream?lastEventId=0:7", null, 0);
        read("/c/stream?lastEventId=0:7&from=earliest", "0:9", 0);

        assertEquals(List.of(StartAt.latest(), StartAt.earliest(), StartAt.latest(), StartAt.after("0:7"),
                StartAt.after("0:9")), http.channels.starts, "the Last-Event-ID header before the query, both before from");
    }

    @Test
    void anUnknownStartIs400NamingFrom() throws Exception {
        JsonNode p = problem(http.get("/c/stream?from=yesterday"), 400, "invalid-input");
        assertEquals(List.of("/from"), pointers(p));
        assertEquals("must be 'earliest' or 'latest', was 'yesterday'", p.get("errors").get(0).get("detail").asText());
    }

    @Test
    void anUnknownChannelIs404AndABrokerThatIsDownIs503BeforeTheStreamStarts() throws Exception {
        JsonNode p = problem(http.get("/nothing/stream"), 404, "not-found");
        assertEquals("no SSE channel named 'nothing'", p.get("detail").asText());

        http.channels.refusal = new BrokerUnavailableException("tail failed", Duration.ofSeconds(3), null);
        HttpResponse<String> response = http.get("/c/stream");
        p = problem(response, 503, "broker-unavailable");
        assertEquals("3", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("The broker cannot be reached, so nothing can be read now. Retry after 3 s.", p.get("detail").asText(),
                "a read is not told that something was not acknowledged");
    }

    /**
     * The lines of the stream up to and including the blank line that ends its {@code events}-th event
     * (an entry with an {@code id:}), or its first blank line when {@code events} is 0.
     */
    private static List<String> read(String path, String lastEventId, int events) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.uri(path)).GET();
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> response = http.client().send(request.build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            List<String> lines = new ArrayList<>();
            try (Stream<String> body = response.body()) {
                Iterator<String> it = body.iterator();
                int ended = 0;
                boolean inEvent = false;
                while (it.hasNext()) {
                    String line = it.next();
                    lines.add(line);
                    inEvent |= line.startsWith("id: ");
                    if (line.isEmpty() && (events == 0 || inEvent && ++ended == events)) {
                        break;
                    }
                    if (line.isEmpty()) {
                        inEvent = false;
                    }
                }
            }
            return lines;
        });
    }
}
