package dev.sluice.cloudevents;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Context attribute values as text, the same in every binding. */
final class Attributes {

    private Attributes() {}

    /**
     * RFC 3339 in UTC, as the CloudEvents SDK writes it ({@code ISO_OFFSET_DATE_TIME}: the fraction
     * without trailing zeros, {@code 2026-11-23T10:15:30.12Z}); written per record, without a formatter
     * for years 0 to 9999.
     */
    static String time(Instant time) {
        long seconds = time.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        if (days < MIN_DAY || days > MAX_DAY) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC));
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        char[] out = new char[30];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        int n = 19;
        int nanos = time.getNano();
        if (nanos != 0) {
            out[n++] = '.';
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            put(out, n, nanos, digits);
            n += digits;
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * An RFC 3339 time with any offset. The shape every binding writes, {@code yyyy-MM-ddTHH:mm:ss}, up
     * to nine fraction digits and {@code Z}, is read without a formatter: readers decode it per record.
     */
    static Instant parseTime(String time) {
        int n = time.length();
        if (n >= 20 && n <= 30 && time.charAt(n - 1) == 'Z' && time.charAt(4) == '-' && time.charAt(7) == '-'
                && time.charAt(10) == 'T' && time.charAt(13) == ':' && time.charAt(16) == ':') {
            int year = digits(time, 0, 4);
            int month = digits(time, 5, 7);
            int day = digits(time, 8, 10);
            int hour = digits(time, 11, 13);
            int minute = digits(time, 14, 16);
            int second = digits(time, 17, 19);
            int fraction = n == 20 ? 0 : time.charAt(19) == '.' && n > 21 ? digits(time, 20, n - 1) : -1;
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && fraction >= 0) {
                try {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second,
                            n == 20 ? 0 : fraction * POWERS[30 - n]);
                } catch (DateTimeException noSuchDay) {
                    // such as February 30: the formatter below says what is wrong
                }
            }
        }
        return OffsetDateTime.parse(time).toInstant();
    }

    /** 10^(9 - fraction digits), by {@code 30 - length} of a time with 1..9 fraction digits. */
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal number in {@code s[from, to)}, or -1 when it is not all ASCII digits. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
