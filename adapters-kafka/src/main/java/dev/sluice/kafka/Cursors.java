package dev.sluice.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * SSE cursors for Kafka: for every partition of the topic, the offset of the last record the reader
 * has passed ({@code -1} before the first), written {@code "0:15,1:7"}. For a single-partition topic
 * the cursor of a record equals its position ({@code "0:15"}). Resuming seeks each partition to the
 * offset after it; a partition missing from the cursor (added later) is read from its beginning.
 */
final class Cursors {

    private Cursors() {}

    static String encode(Map<Integer, Long> lastSeen) {
        return new TreeMap<>(lastSeen).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** @throws IllegalArgumentException when the text is not a cursor */
    static Map<Integer, Long> decode(String cursor) {
        Map<Integer, Long> out = new TreeMap<>();
        if (cursor == null || cursor.isBlank()) {
            throw new IllegalArgumentException("empty cursor");
        }
        for (String part : cursor.trim().split(",")) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + cursor + "' is not a cursor such as 0:15");
            }
            try {
                int partition = Integer.parseInt(part.substring(0, colon).trim());
                long offset = Long.parseLong(part.substring(colon + 1).trim());
                if (partition < 0 || offset < -1) {
                    throw new IllegalArgumentException("'" + cursor + "' has a negative partition or offset");
                }
                out.put(partition, offset);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cursor + "' is not a cursor such as 0:15", e);
            }
        }
        return out;
    }
}
