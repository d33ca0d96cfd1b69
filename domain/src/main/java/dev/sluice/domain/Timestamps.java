package dev.sluice.domain;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Whether a text is an ISO-8601 date-time with offset, exactly as {@link OffsetDateTime#parse} decides,
 * without building a parser's state for the common shape. {@code 2026-11-23T10:00:00Z},
 * {@code 2026-11-23T10:00:00.123+01:00} and the like are checked field by field here (calendar and
 * ranges included); anything else (a lowercase {@code t}, an offset without its colon, a year of five
 * digits, a time without seconds…) is left to {@link OffsetDateTime#parse}, which has the last word. So
 * the answer is the same as parsing, and the ingest path, which checks every item's {@code lastUpdated},
 * does not pay for a parse per item.
 */
public final class Timestamps {

    private Timestamps() {}

    /** True when {@link OffsetDateTime#parse} takes {@code s}. */
    public static boolean isOffsetDateTime(String s) {
        int fast = common(s);
        if (fast >= 0) {
            return fast == 1;
        }
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * 1 (valid) or 0 (invalid) for {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, -1 for any other shape.
     * Within that shape the answer is final: the calendar (leap years, days per month), the ranges of the
     * time fields and of the offset (at most 18:00) are what the parser checks.
     */
    static int common(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return -1;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return -1;
        }
        int i = 19;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return -1;
            }
        }
        if (i == n - 1 && s.charAt(i) == 'Z') {
            // Z
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0) {
                return -1;
            }
            if (oh > 18 || om > 59 || oh == 18 && om > 0) {
                return 0;
            }
        } else {
            return -1;
        }
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
            return 0;
        }
        return 1;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
