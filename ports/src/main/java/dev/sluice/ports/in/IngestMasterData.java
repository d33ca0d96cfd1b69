package dev.sluice.ports.in;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Use case: accept master data items (scenario S1) and put them on the log.
 */
public interface IngestMasterData {

    /**
     * Validates every item, then appends them all. Either all are written or none: the stage fails
     * with {@link InvalidInputException} (nothing written) naming every bad field, or with
     * {@link dev.sluice.ports.event.BrokerUnavailableException} when the log did not acknowledge.
     * It completes normally only after the log acknowledged every item durably.
     */
    CompletionStage<Receipt> ingest(Command command);

    /**
     * @param items the items as parsed JSON objects (plain JDK types); a non-object entry is reported
     *              as a violation
     * @param batch whether the request body was an array (pointers then carry the index)
     */
    record Command(List<?> items, boolean batch) {
        public Command {
            Objects.requireNonNull(items, "items");
            items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }
    }

    /** What was written: one entry per item, in request order. */
    record Receipt(String topic, List<Accepted> items) {
        public Receipt {
            items = List.copyOf(items);
        }
    }

    /** One written item: its id, the event id and its position on the log. */
    record Accepted(String itemId, String eventId, String position) {}

    /** Helper for adapters: is this parsed JSON value an object? */
    static boolean isObject(Object value) {
        return value instanceof Map<?, ?>;
    }
}
