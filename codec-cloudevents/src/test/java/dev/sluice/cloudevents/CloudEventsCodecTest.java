package dev.sluice.cloudevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsCodecTest {

    private final EventEnvelope event = new EventEnvelope("id-1", "/sluice/test", "thing_happened", "s-1",
            Instant.parse("2026-11-23T10:15:30.123Z"), "application/json", "k-1",
            Map.of("traceparent", "00-ab", "Trace-Id", "t-1", "id", "clash"),
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void anEnvelopeSurvivesTheRoundTripWithItsHeadersUnderExtensionNames() {
        CloudEvent ce = CloudEventsCodec.toCloudEvent(event);
        assertEquals("id-1", ce.getId(), "a header cannot replace a context attribute");
        EventEnvelope back = CloudEventsCodec.fromCloudEvent(ce, "k-1", Instant.EPOCH);
        assertEquals(event.id(), back.id());
        assertEquals(event.source(), back.source());
        assertEquals(event.type(), back.type());
        assertEquals(event.subject(), back.subject());
        assertEquals(event.time(), back.time());
        assertEquals(event.contentType(), back.contentType());
        assertEquals("k-1", back.key());
        assertArrayEquals(event.payload(), back.payload());
        assertEquals(Map.of("traceparent", "00-ab", "traceid", "t-1"), back.headers());
    }

    @Test
    void headerValuesArePercentEncodedAsTheHttpBindingRequires() {
        assertEquals("master_data/item-1:ok", CloudEventsCodec.httpHeaderValue("master_data/item-1:ok"));
        assertEquals("a%20b%22c%25d", CloudEventsCodec.httpHeaderValue("a b\"c%d"));
        assertEquals("%E6%97%A5%E6%9C%AC", CloudEventsCodec.httpHeaderValue("日本"));
        assertEquals("%F0%9F%98%80", CloudEventsCodec.httpHeaderValue("\uD83D\uDE00"));
        assertEquals("x%00%7F%0D%0Ay", CloudEventsCodec.httpHeaderValue("x\u0000\u007F\r\ny"));
        for (String hostile : new String[] {"日本", "emoji \uD83D\uDE00", "nul\u0000", "del\u007F", "cr\rlf\n", "50% \"off\""}) {
            String encoded = CloudEventsCodec.httpHeaderValue(hostile);
            assertTrue(encoded.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), encoded);
            assertEquals(hostile, percentDecode(encoded));
        }
    }

    /** What a receiver does: %XX to bytes, then UTF-8. */
    private static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
