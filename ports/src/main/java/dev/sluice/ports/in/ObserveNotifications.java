package dev.sluice.ports.in;

import java.util.List;

/** Use case (scenario S3): see every notification sent or given up on, and replay one that failed. */
public interface ObserveNotifications {

    /** Every notification record, newest first, at most {@code limit}. */
    List<Record> list(int limit);

    /**
     * Sends a failed notification once more, with the current data of its entities.
     *
     * @throws NotFoundException when there is no such record
     * @return the record afterwards (sent, or failed again with one more attempt)
     */
    Record replay(String id);

    /**
     * One notification: the rule, the event that triggered it, where it went, how it ended.
     *
     * @param id        {@code <rule>:<event id>}: a rule sends for an event at most once
     * @param entityId  the id of the entity whose event it was (an invoice, an order)
     * @param status    {@code sent} or {@code failed} (a dead letter that can be replayed)
     * @param attempts  attempts made so far
     * @param lastError why the last attempt failed, or null
     * @param at        when the record was last written (ISO-8601)
     */
    record Record(String id, String rule, String eventId, String eventType, String entityId, String recipient,
                  String subject,
                  String status, int attempts, String lastError, String at) {}
}
