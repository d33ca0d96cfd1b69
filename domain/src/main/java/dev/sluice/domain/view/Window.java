package dev.sluice.domain.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event-time window of a view: tumbling ({@code advance == size}) or hopping ({@code advance <
 * size}), aligned to the epoch, so window {@code [start, start + size)} starts at a multiple of
 * {@code advance}. A window takes an event until the stream time (the largest event time seen) reaches
 * its end plus {@code grace}; an event later than that is dropped, as Kafka Streams does.
 *
 * @param size    length of each window
 * @param advance distance between the starts of two windows; equal to {@code size} for tumbling windows
 * @param grace   how long after its end a window still takes late events
 */
public record Window(Duration size, Duration advance, Duration grace) {

    public Window {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(advance, "advance");
        Objects.requireNonNull(grace, "grace");
        if (size.toMillis() < 1) {
            throw new IllegalArgumentException("a window's size must be at least 1ms, was " + size);
        }
        if (advance.toMillis() < 1 || advance.compareTo(size) > 0) {
            throw new IllegalArgumentException("a hopping window's advance must be from 1ms to its size (" + size
                    + "), was " + advance);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("a window's grace must not be negative, was " + grace);
        }
    }

    public static Window tumbling(Duration size, Duration grace) {
        return new Window(size, size, grace);
    }

    public static Window hopping(Duration size, Duration advance, Duration grace) {
        return new Window(size, advance, grace);
    }

    public boolean isTumbling() {
        return advance.equals(size);
    }

    /** The starts (epoch millis) of every window that contains {@code eventTime}, earliest first. */
    public List<Long> startsOf(long eventTime) {
        long step = advance.toMillis();
        long length = size.toMillis();
        long last = Math.floorDiv(eventTime, step) * step;
        List<Long> starts = new ArrayList<>();
        for (long start = last; start > eventTime - length; start -= step) {
            starts.add(0, start);
        }
        return starts;
    }

    /** The end (exclusive, epoch millis) of the window that starts at {@code start}. */
    public long endOf(long start) {
        return start + size.toMillis();
    }

    /**
     * Whether the window that starts at {@code start} still takes an event, given the stream time (the
     * largest event time seen so far, this event's included): until its end plus the grace period.
     */
    public boolean isOpen(long start, long streamTime) {
        return streamTime < endOf(start) + grace.toMillis();
    }
}
