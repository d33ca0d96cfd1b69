package dev.sluice.ports.in;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Use case: what administrators did. Every admin action (changing routes, replaying dead letters or
 * notifications, running the simulator or the demo generators) is recorded as one event on an audit
 * topic of Sluice's own log, so a restart or another instance shows it too.
 */
public interface AuditTrail {

    /**
     * One action.
     *
     * @param who    the caller's name (an API key's name, a token's subject), or {@code anonymous}
     * @param action the HTTP method and path, such as {@code POST /api/routes/erp-json/pause}
     * @param status the answer's status code (403s are recorded too)
     * @param at     when it was answered
     */
    record Entry(String who, String action, int status, Instant at) {
        public Entry {
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Records an action; returns once the log holds it, or throws when the broker is down. */
    void record(Entry entry);

    /** The newest entries first, at most {@code limit}. */
    List<Entry> recent(int limit);
}
