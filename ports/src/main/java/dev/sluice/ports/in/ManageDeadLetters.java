package dev.sluice.ports.in;

import java.time.Instant;
import java.util.List;

/** Use case: see and replay what a push route gave up on. */
public interface ManageDeadLetters {

    /**
     * Dead letters of {@code route} not yet replayed, oldest first.
     *
     * @throws NotFoundException when no push route has that name
     */
    List<DeadLetterView> list(String route, int limit);

    /**
     * Delivers the route's pending dead letters again, oldest first, each with one attempt (no
     * backoff). Stops at the first that fails again, which stays pending with those after it.
     *
     * @throws NotFoundException when no push route has that name
     */
    ReplayReport replay(String route, int limit);

    /** One dead letter as the API shows it. */
    record DeadLetterView(String position, String eventId, String key, String type, String reason,
                          int attempts, Instant failedAt, String data) {}

    /** What a replay did. */
    record ReplayReport(String route, int replayed, int remaining, String stoppedBecause) {}
}
