package dev.sluice.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RabbitSettingsTest {

    @Test
    void aPrefetchWindowThatCouldStallTheConnectionBehindAWaitingReplayIsRefused() {
        assertEquals(500, RabbitSettings.from(Map.of("prefetch", "500")).prefetch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RabbitSettings.from(Map.of("prefetch", "2000")));
        assertTrue(e.getMessage().startsWith("sluice.rabbitmq.prefetch must be at most 500"), e.getMessage());
    }
}
