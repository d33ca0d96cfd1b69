package dev.sluice.cloudevents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every binding, both ways, held to the one header rule. */
class CloudEventsCodecTest {

    private static final String UNICODE = "Zürich ☃ 日本 \uD83D\uDE00";

    /** Extension headers, a mixed-case name, a non-ASCII value, names bindings use themselves, a name like an attribute. */
    private static final Map<String, String> HEADERS = Map.of(
            "traceparent", "00-ab", "Trace-Id", "t-1", "note", UNICODE, "id", "clash", "meta-x", "a=b&c%d",
            "x-request-id", "r-1", "content-type", "text/plain", "ce_thing", "c", "cloudEvents:thing", "a",
            "sluiceheaders", "s");

    private final EventEnvelope event = new EventEnvelope("id-1", "/sluice/test", "thing_happened", "s-1 日本",
            Instant.parse("2026-11-23T10:15:30.120Z"), "application/json", "k-1", HEADERS,
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    private static void assertSameEvent(EventEnvelope expected, EventEnvelope got, String key) {
        assertEquals(expected.id(), got.id());
        assertEquals(expected.source(), got.source());
        assertEquals(expected.type(), got.type());
        assertEquals(expected.subject(), got.subject());
        assertEquals(expected.time(), got.time());
        assertEquals(expected.contentType(), got.contentType());
        assertEquals(key, got.key());
        assertArrayEquals(expected.payload(), got.payload());
        assertEquals(new TreeMap<>(expected.headers()), new TreeMap<>(got.headers()), "every header, exactly");
    }

    @Test
    void theRuleTellsExtensionNamesFromOthers() {
        assertTrue(HeaderRule.isExtension("traceparent"));
        assertTrue(HeaderRule.isExtension("sluicereason"));
        assertTrue(HeaderRule.isExtension("a1"));
        for (String other : new String[] {"Trace-Id", "traceId", "meta-x", "", "id", "time", "partitionkey",
                "sluiceheaders", "ümlaut", "ce_x"}) {
            assertFalse(HeaderRule.isExtension(other), other);
        }
        StringBuilder packed = HeaderRule.pack(null, "Trace-Id", UNICODE);
        packed = HeaderRule.pack(packed, "a&b=c", "%=&");
        Map<String, String> back = new LinkedHashMap<>();
        HeaderRule.unpack(packed.toString(), back::put);
        assertEquals(Map.of("Trace-Id", UNICODE, "a&b=c", "%=&"), back);
        assertTrue(packed.chars().allMatch(c -> c > 0x20 && c < 0x7F), packed.toString());
    }

    @Test
    void kafkaBothWays() {
        List<String> names = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        KafkaBinding.write(event, (n, v) -> {
            names.add(n);
            values.add(v);
        });
        assertEquals(List.of("ce_specversion", "ce_id", "ce_source", "ce_type", "content-type", "ce_subject", "ce_time"),
                names.subList(0, 7));
        assertEquals("2026-11-23T10:15:30.12Z", new String(values.get(6), StandardCharsets.UTF_8), "as the SDK writes it");
        assertTrue(names.containsAll(List.of("ce_traceparent", "ce_note", "Trace-Id", "id", "meta-x", "sluiceheaders",
                "ce_sluiceheaders")), names.toString());
        assertFalse(names.contains("ce_thing"), "a name the binding uses is escaped: " + names);
        assertTrue(names.contains("x-request-id") && names.contains("cloudEvents:thing"), names.toString());
        assertEquals(1, names.stream().filter("content-type"::equals).count(), "the binding's own names are escaped");

        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            all.add(i);
        }
        EventEnvelope back = KafkaBinding.read(all, names::get, values::get, "k-1", event.payload(), 0, "t", 0, 0);
        assertSameEvent(event, back, "k-1");

        EventEnvelope foreign = KafkaBinding.read(List.of(0), i -> "content-type", i -> "text/plain".getBytes(),
                "k", new byte[] {1}, 5, "orders", 2, 7);
        assertEquals("orders-2-7", foreign.id());
        assertEquals("kafka://orders", foreign.source());
        assertEquals(KafkaBinding.FOREIGN_TYPE, foreign.type());
        assertEquals("text/plain", foreign.contentType());
        assertEquals(Instant.ofEpochMilli(5), foreign.time());
        assertNull(KafkaBinding.read(List.<Integer>of(), i -> "", i -> new byte[0], "k", new byte[0], 0, null, 0, 0),
                "no CloudEvent, no topic: nothing");
    }

    @Test
    void amqpBothWays() {
        Map<String, Object> p = AmqpBinding.properties(event);
        assertEquals("t-1", p.get("Trace-Id"), "a named header is an application property under its name");
        assertEquals("00-ab", p.get("cloudEvents:traceparent"));
        assertEquals("k-1", p.get("cloudEvents:partitionkey"));
        assertEquals("id-1", p.get("cloudEvents:id"));
        assertFalse(p.containsKey("x-request-id") || p.containsKey("cloudEvents:thing"), p.toString());
        assertTrue(p.containsKey("cloudEvents:sluiceheaders"));

        Map<String, Object> received = new LinkedHashMap<>(p);
        received.put("x-stream-offset", 12L);
        EventEnvelope back = AmqpBinding.event(received, "application/json", event.payload(), "m-1", null, "q");
        assertSameEvent(event, back, "k-1");

        Map<String, Object> underscores = new LinkedHashMap<>();
        p.forEach((k, v) -> underscores.put(k.replace("cloudEvents:", "cloudEvents_"), v));
        assertSameEvent(event, AmqpBinding.event(underscores, "application/json", event.payload(), null, null, "q"), "k-1");

        EventEnvelope plain = AmqpBinding.event(Map.of("origin", "seed", "x-death", "x"), null, new byte[] {1}, "m-2",
                Instant.EPOCH, "/queue/a b");
        assertEquals(AmqpBinding.PLAIN_TYPE, plain.type());
        assertEquals("m-2", plain.id());
        assertEquals("/amqp/queue/a%20b", plain.source());
        assertEquals(Map.of("origin", "seed"), plain.headers());
        assertEquals(Instant.EPOCH, plain.time());
    }

    @Test
    void redisBothWays() {
        Map<String, byte[]> f = RedisBinding.fields(event);
        assertArrayEquals("t-1".getBytes(StandardCharsets.UTF_8), f.get("ext.Trace-Id"));
        assertArrayEquals(UNICODE.getBytes(StandardCharsets.UTF_8), f.get("ext.note"));
        assertSameEvent(event, RedisBinding.event("1-0", f), "k-1");
        EventEnvelope other = RedisBinding.event("1700000000000-3", Map.of("data", new byte[] {1}));
        assertEquals("1700000000000-3", other.id());
        assertEquals(Instant.ofEpochMilli(1700000000000L), other.time());
    }

    @Test
    void httpBothWays() {
        Map<String, String> sent = new LinkedHashMap<>();
        HttpBinding.write(event, sent::put);
        assertEquals("1.0", sent.get("ce-specversion"));
        assertEquals("application/json", sent.get("Content-Type"));
        assertEquals("s-1%20%E6%97%A5%E6%9C%AC", sent.get("ce-subject"));
        assertEquals("00-ab", sent.get("ce-traceparent"));
        assertEquals(HttpBinding.headerValue(UNICODE), sent.get("ce-note"));
        assertFalse(sent.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Trace-Id") || n.equalsIgnoreCase("x-request-id")),
                "no message metadata as an HTTP header of its own: " + sent.keySet());
        for (String v : sent.values()) {
            assertTrue(v.chars().allMatch(c -> c >= 0x21 && c <= 0x7E), v);
        }
        Map<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER); // as a server sees them
        sent.forEach((n, v) -> received.put(n.toLowerCase(Locale.ROOT), v));
        EventEnvelope back = HttpBinding.read(received.keySet(), received::get, event.payload(), Instant.EPOCH);
        assertSameEvent(event, back, null);
    }

    @Test
    void theSdkEventCarriesEveryHeaderAndAHeaderCannotReplaceAnAttribute() {
        CloudEvent ce = CloudEventsCodec.toCloudEvent(event);
        assertEquals("id-1", ce.getId(), "a header cannot replace a context attribute");
        assertEquals("00-ab", ce.getExtension("traceparent"));
        assertSameEvent(event, CloudEventsCodec.fromCloudEvent(ce, "k-1", Instant.EPOCH), "k-1");
    }

    @Test
    void timesAreReadAsEveryBindingWritesThemAndWithAnyOffset() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L), i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
            if (i % 5 == 0) {
                t = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            }
            assertEquals(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atOffset(java.time.ZoneOffset.UTC)),
                    Attributes.time(t), "as the SDK writes it");
            assertEquals(t, Attributes.parseTime(t.toString()), t.toString());
            assertEquals(t, Attributes.parseTime(Attributes.time(t)), Attributes.time(t));
        }
        assertEquals(Instant.parse("2026-11-23T09:15:30.123Z"), Attributes.parseTime("2026-11-23T10:15:30.123+01:00"));
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), Attributes.parseTime("2024-02-29T00:00:00Z"));
        for (String bad : new String[] {"2026-02-30T00:00:00Z", "2026-11-23T25:15:30Z", "2026-11-23T10:15:60Z", "yesterday"}) {
            org.junit.jupiter.api.Assertions.assertThrows(java.time.DateTimeException.class, () -> Attributes.parseTime(bad), bad);
        }
    }

    @Test
    void headerValuesArePercentEncodedAsTheHttpBindingRequires() {
        assertEquals("master_data/item-1:ok", HttpBinding.headerValue("master_data/item-1:ok"));
        assertEquals("a%20b%22c%25d", HttpBinding.headerValue("a b\"c%d"));
        assertEquals("%E6%97%A5%E6%9C%AC", HttpBinding.headerValue("日本"));
        assertEquals("%F0%9F%98%80", HttpBinding.headerValue("\uD83D\uDE00"));
        assertEquals("x%00%7F%0D%0Ay", HttpBinding.headerValue("x\u0000\u007F\r\ny"));
        for (String hostile : new String[] {"日本", "emoji \uD83D\uDE00", "nul\u0000", "del\u007F", "cr\rlf\n", "50% \"off\""}) {
            String encoded = HttpBinding.headerValue(hostile);
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
