package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.ProcessorPlugin;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ProcessorsTest {

    static EventEnvelope json(String payload) {
        return new EventEnvelope("e1", "/t", "t", null, Instant.EPOCH, "application/json", "k", Map.of(),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    static String text(EventEnvelope e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    private final Processor electronics = new FilterPlugin().create("$lowercase(category) = 'electronics'");

    @Test
    void filterKeepsMatchesIgnoringCaseAndDropsTheRest() {
        EventEnvelope upper = json("{\"category\":\"ELECTRONICS\"}");
        assertSame(upper, electronics.apply(upper));
        assertNotNull(electronics.apply(json("{\"category\":\"Electronics\"}")));
        assertNull(electronics.apply(json("{\"category\":\"Accessories\"}")));
        assertNull(electronics.apply(json("{}")), "a missing field is undefined, so the event is dropped");
    }

    @Test
    void mapReplacesThePayloadAndUndefinedDrops() {
        Processor map = new MapPlugin().create("{\"id\": itemId, \"label\": $uppercase(name)}");
        assertEquals("{\"id\":\"a1\",\"label\":\"WIDGET\"}", text(map.apply(json("{\"itemId\":\"a1\",\"name\":\"widget\"}"))));
        assertNull(new MapPlugin().create("missing").apply(json("{\"a\":1}")));
    }

    @Test
    void xmlWritesOneWellFormedDocumentPerEvent() throws Exception {
        Processor xml = new XmlPlugin().create("item");
        EventEnvelope out = xml.apply(json("{\"itemId\":\"1\",\"name\":\"Tom & <Jerry>\",\"price\":29.99,"
                + "\"tags\":[\"a\",\"b\"],\"dims\":{\"w\":1},\"1st price\":2}"));
        String x = text(out);
        assertEquals("application/xml", out.contentType());
        assertTrue(x.startsWith("<?xml"), x);
        assertFalse(x.contains("\n"), x);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.payload()));
        assertEquals("item", doc.getDocumentElement().getTagName());
        assertEquals("Tom & <Jerry>", doc.getElementsByTagName("name").item(0).getTextContent());
        assertEquals("29.99", doc.getElementsByTagName("price").item(0).getTextContent());
        assertEquals(2, doc.getElementsByTagName("tags").getLength());
        assertEquals("1", doc.getElementsByTagName("w").item(0).getTextContent());
        assertEquals("2", doc.getElementsByTagName("_1st_price").item(0).getTextContent());
    }

    @Test
    void badArgumentsFailAtCreateAndBadPayloadsAtApply() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FilterPlugin().create("$lowercase(category = "));
        assertTrue(e.getMessage().contains("$lowercase(category = "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new XmlPlugin().create("1 bad"));
        assertThrows(Processor.ProcessingException.class, () -> electronics.apply(json("not json")));
        assertThrows(Processor.ProcessingException.class, () -> new XmlPlugin().create("").apply(json("[1,2]")));
        EventEnvelope xmlEvent = json("{}").withPayload("<a/>".getBytes(StandardCharsets.UTF_8), "application/xml");
        assertThrows(Processor.ProcessingException.class, () -> electronics.apply(xmlEvent));
    }

    @Test
    void theServiceLoaderFindsTheFourProcessors() {
        TreeSet<String> names = new TreeSet<>();
        ServiceLoader.load(ProcessorPlugin.class).forEach(p -> names.add(p.name()));
        assertEquals(new TreeSet<>(List.of("filter", "map", "meta", "xml")), names);
    }

    @Test
    void oneFilterIsSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger kept = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 1250; i++) {
                    String category = i % 2 == 0 ? "Electronics" : "Toys";
                    if (electronics.apply(json("{\"category\":\"" + category + "\",\"i\":" + i + "}")) != null) {
                        kept.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(5000, kept.get());
    }

    @Test
    void theJsonCodecKeepsFieldOrderAndNumberText() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("z", "last-first");
        item.put("price", new BigDecimal("29.990"));
        item.put("n", 1);
        assertEquals("{\"z\":\"last-first\",\"price\":29.990,\"n\":1}",
                new String(new JacksonJsonCodec().encode(item), StandardCharsets.UTF_8));
    }
}
