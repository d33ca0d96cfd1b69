package dev.sluice.cloudevents;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Context attribute values as text, the same in every binding. */
final class Attributes {

    private Attributes() {}

    /** RFC 3339, as the CloudEvents SDK writes it ({@code 2026-11-23T10:15:30.12Z}). */
    static String time(Instant time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC));
    }

    /** An RFC 3339 time with any offset. */
    static Instant parseTime(String time) {
        return OffsetDateTime.parse(time).toInstant();
    }
}
