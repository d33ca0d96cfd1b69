package dev.sluice.domain.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5, Duration.ofSeconds(10));

    @Test
    void nominalDelayDoublesUpToTheCap() {
        assertEquals(100, policy.nominalDelay(1).toMillis());
        assertEquals(200, policy.nominalDelay(2).toMillis());
        assertEquals(400, policy.nominalDelay(3).toMillis());
        assertEquals(2000, policy.nominalDelay(6).toMillis());
        assertEquals(2000, policy.nominalDelay(1000).toMillis());
    }

    @Test
    void jitterStaysInTheUpperHalfOfTheNominalDelay() {
        assertEquals(200, policy.delayAfter(3, null, () -> 0.0).toMillis());
        assertEquals(399, policy.delayAfter(3, null, () -> 0.999).toMillis());
    }

    @Test
    void retryAfterIsHonouredUpToItsCap() {
        assertEquals(5000, policy.delayAfter(1, Duration.ofSeconds(5), () -> 0.5).toMillis());
        assertEquals(10_000, policy.delayAfter(1, Duration.ofHours(1), () -> 0.5).toMillis());
        assertEquals(75, policy.delayAfter(1, Duration.ofMillis(10), () -> 0.5).toMillis(), "backoff wins if longer");
    }

    @Test
    void attemptsAreCounted() {
        assertTrue(policy.allowsAnother(4));
        assertFalse(policy.allowsAnother(5));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), 3, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO));
    }
}
