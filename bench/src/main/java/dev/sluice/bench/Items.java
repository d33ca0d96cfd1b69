package dev.sluice.bench;

import java.util.StringJoiner;

/** Master data items (the S1 shape) of about 200 bytes, as the benchmarks post them. */
final class Items {

    /** Size in bytes of one item from {@link #item(int, String)}, the raw producer's record size. */
    static final int RECORD_SIZE = item(0, "").length();

    private Items() {}

    /**
     * One item. {@code mark} travels in the description: the latency benchmarks put
     * {@code @<nanoTime>@} there and find it again in what they receive.
     */
    static String item(int n, String mark) {
        String id = String.format("%08d", n);
        return item("ITEM-" + id, id, mark);
    }

    /** One item with the given {@code itemId}; {@code label} goes into its name and description. */
    static String item(String itemId, String label, String mark) {
        String description = "benchmark item " + label + " " + mark + " of about 200 bytes";
        return "{\"itemId\":\"" + itemId + "\",\"name\":\"Benchmark widget " + label
                + "\",\"category\":\"electronics\",\"price\":123.45,\"description\":\"" + description
                + "\",\"status\":\"active\",\"lastUpdated\":\"2026-11-23T10:00:00Z\"}";
    }

    /** A JSON array of {@code count} items. */
    static String batch(int count) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        for (int i = 0; i < count; i++) {
            array.add(item(i, ""));
        }
        return array.toString();
    }

    /** The marker for a send time, found again by {@link LatencyMark}. */
    static String mark(long nanos) {
        return "@" + nanos + "@";
    }
}
