package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaPluginTest {

    private final EventEnvelope event = Events.json("{\"a\":1}")
            .withHeaders(Map.of("meta-x", "1", "traceparent", "00-ab", "secret-ish", "s"));

    @Test
    void deletedRemovesEveryHeaderAndKeepsTheEvent() {
        EventEnvelope out = new MetaPlugin().create("deleted()").apply(event);
        assertTrue(out.headers().isEmpty());
        assertEquals(event.id(), out.id());
        assertEquals(event.type(), out.type());
        assertEquals(event.key(), out.key());
        assertArrayEquals(event.payload(), out.payload());
        assertEquals(3, event.headers().size(), "the input is not modified");
    }

    @Test
    void deletedWithNamesRemovesOnlyThoseAndKeepRemovesTheOthers() {
        Processor some = new MetaPlugin().create(" deleted(meta-x, secret-ish) ");
        assertEquals(Map.of("traceparent", "00-ab"), some.apply(event).headers());
        Processor keep = new MetaPlugin().create("keep(traceparent)");
        assertEquals(Map.of("traceparent", "00-ab"), keep.apply(event).headers());
    }

    @Test
    void anythingElseFailsStartUpWithTheFormsItTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetaPlugin().create("meta = deleted()"));
        assertTrue(e.getMessage().contains("deleted()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MetaPlugin().create("keep()"));
    }
}
