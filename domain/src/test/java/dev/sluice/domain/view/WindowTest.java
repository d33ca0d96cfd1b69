package dev.sluice.domain.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aTumblingWindowHoldsEachEventOnceAlignedToTheEpoch() {
        Window thirtySeconds = Window.tumbling(Duration.ofSeconds(30), Duration.ZERO);

        assertEquals(List.of(at("2026-01-01T00:00:00Z")), thirtySeconds.startsOf(at("2026-01-01T00:00:00Z")));
        assertEquals(List.of(at("2026-01-01T00:00:00Z")), thirtySeconds.startsOf(at("2026-01-01T00:00:29.999Z")));
        assertEquals(List.of(at("2026-01-01T00:00:30Z")), thirtySeconds.startsOf(at("2026-01-01T00:00:30Z")));
        assertEquals(at("2026-01-01T00:01:00Z"), thirtySeconds.endOf(at("2026-01-01T00:00:30Z")));
        assertTrue(thirtySeconds.isTumbling());
    }

    @Test
    void aHoppingWindowHoldsAnEventInEveryWindowThatCoversIt() {
        Window minuteEveryTwenty = Window.hopping(Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ZERO);

        assertEquals(List.of(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:20Z"), at("2026-01-01T00:00:40Z")),
                minuteEveryTwenty.startsOf(at("2026-01-01T00:00:59Z")));
        assertEquals(List.of(at("2026-01-01T00:00:20Z"), at("2026-01-01T00:00:40Z"), at("2026-01-01T00:01:00Z")),
                minuteEveryTwenty.startsOf(at("2026-01-01T00:01:00Z")));
        assertFalse(minuteEveryTwenty.isTumbling());
    }

    @Test
    void timesBeforeTheEpochAlignDownwardsToo() {
        Window tenMillis = Window.tumbling(Duration.ofMillis(10), Duration.ZERO);

        assertEquals(List.of(-10L), tenMillis.startsOf(-1));
        assertEquals(List.of(-10L), tenMillis.startsOf(-10));
        assertEquals(List.of(-20L), tenMillis.startsOf(-11));
    }

    @Test
    void aWindowTakesLateEventsUntilItsEndPlusGraceInStreamTime() {
        Window window = Window.tumbling(Duration.ofSeconds(5), Duration.ofSeconds(2));
        long start = at("2026-01-01T00:00:00Z");

        assertTrue(window.isOpen(start, at("2026-01-01T00:00:06.999Z")), "inside the grace period");
        assertFalse(window.isOpen(start, at("2026-01-01T00:00:07Z")), "end + grace reached: closed");

        Window noGrace = Window.tumbling(Duration.ofSeconds(5), Duration.ZERO);
        assertTrue(noGrace.isOpen(start, at("2026-01-01T00:00:04.999Z")));
        assertFalse(noGrace.isOpen(start, at("2026-01-01T00:00:05Z")));
    }

    @Test
    void nonsenseWindowsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Window.tumbling(Duration.ZERO, Duration.ZERO)).getMessage().contains("size"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Window.hopping(Duration.ofSeconds(10), Duration.ofSeconds(11), Duration.ZERO))
                .getMessage().contains("advance"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Window.tumbling(Duration.ofSeconds(1), Duration.ofSeconds(-1))).getMessage().contains("grace"));
    }
}
