package dev.sluice.domain.route;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for a push route. The nominal delay before attempt {@code n + 1}
 * is {@code baseDelay * 2^(n-1)}, capped at {@code maxDelay}; the actual delay is drawn uniformly
 * from the upper half of it ("equal jitter"), so retries of many routes spread out but never come
 * sooner than half the nominal delay. A {@code Retry-After} from the destination is honoured up to
 * {@code maxRetryAfter}.
 *
 * @param baseDelay     delay before the second attempt (nominal)
 * @param maxDelay      cap of the nominal delay
 * @param maxAttempts   attempts in all, including the first; then the event is dead-lettered
 * @param maxRetryAfter the longest {@code Retry-After} Sluice waits for
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxAttempts, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 8, Duration.ofMinutes(2));

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= base-delay <= max-delay");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
    }

    /** The nominal (jitter-free) delay after {@code failedAttempts} failures, capped at maxDelay. */
    public Duration nominalDelay(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long cap = maxDelay.toMillis();
        long nominal = baseDelay.toMillis();
        for (int i = 0; i < doublings && nominal < cap; i++) {
            nominal *= 2;
        }
        return Duration.ofMillis(Math.min(nominal, cap));
    }

    /**
     * How long to wait before the next attempt.
     *
     * @param failedAttempts attempts made so far (at least 1)
     * @param retryAfter     what the destination asked for, or null
     * @param random         source of numbers in [0, 1)
     */
    public Duration delayAfter(int failedAttempts, Duration retryAfter, DoubleSupplier random) {
        long nominal = nominalDelay(failedAttempts).toMillis();
        long half = nominal / 2;
        long jittered = half + (long) (random.getAsDouble() * (nominal - half));
        if (retryAfter != null && !retryAfter.isNegative()) {
            long asked = Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
            jittered = Math.max(jittered, asked);
        }
        return Duration.ofMillis(jittered);
    }

    /** Whether another attempt is allowed after {@code failedAttempts} failures. */
    public boolean allowsAnother(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }
}
