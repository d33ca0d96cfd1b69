package dev.sluice.ports.event;

import java.util.Objects;

/** Where a reader of the log begins. */
public sealed interface StartAt {

    /** Only records appended after the reader attached ("now"). */
    record Latest() implements StartAt {}

    /** Everything the log still retains. */
    record Earliest() implements StartAt {}

    /** Right after the record a previous reader last saw, given as the cursor it was handed. */
    record After(String cursor) implements StartAt {
        public After {
            Objects.requireNonNull(cursor, "cursor");
        }
    }

    static StartAt latest() {
        return new Latest();
    }

    static StartAt earliest() {
        return new Earliest();
    }

    static StartAt after(String cursor) {
        return new After(cursor);
    }
}
