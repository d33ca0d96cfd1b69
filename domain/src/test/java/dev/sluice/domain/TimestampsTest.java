package dev.sluice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Timestamps#isOffsetDateTime} answers exactly as {@link OffsetDateTime#parse} does. */
class TimestampsTest {

    static boolean parses(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static void assertSameAsParse(String s) {
        assertEquals(parses(s), Timestamps.isOffsetDateTime(s), () -> "'" + s + "'");
    }

    @Test
    void theCommonShapeIsDecidedWithoutTheParserAndAgreesWithIt() {
        List<String> valid = List.of("2026-11-23T10:00:00Z", "2024-02-29T23:59:59.999999999+18:00", "2000-02-29T00:00:00-18:00",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.1-00:00", "2026-04-30T12:30:45.123+05:30");
        List<String> invalid = List.of("2023-02-29T10:00:00Z", "1900-02-29T10:00:00Z", "2026-04-31T10:00:00Z",
                "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z", "2026-01-00T10:00:00Z", "2026-01-01T24:00:00Z",
                "2026-01-01T10:60:00Z", "2026-01-01T10:00:60Z", "2026-01-01T10:00:00+18:01", "2026-01-01T10:00:00+19:00",
                "2026-01-01T10:00:00+01:60");
        for (String s : valid) {
            assertEquals(1, Timestamps.common(s), s);
            assertTrue(parses(s), s);
        }
        for (String s : invalid) {
            assertEquals(0, Timestamps.common(s), s);
            assertFalse(parses(s), s);
        }
    }

    @Test
    void otherShapesAreLeftToTheParser() {
        for (String s : List.of("2026-11-23t10:00:00z", "2026-11-23T10:00Z", "2026-11-23T10:00:00+0100", "2026-11-23T10:00:00+01",
                "+12026-11-23T10:00:00Z", "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00.1234567890Z",
                "2026-11-23T10:00:00+01:00:30", "2026-11-23T10:00:00", "2026-11-23 10:00:00Z", "", "x",
                "２０２６-11-23T10:00:00Z", "2026-11-23T10:00:00Z ", " 2026-11-23T10:00:00Z")) {
            assertEquals(-1, Timestamps.common(s), s);
            assertSameAsParse(s);
        }
    }

    /** Every date of four leap and common years, at edge times and offsets, and many random mutations. */
    @Test
    void agreesWithTheParserOnManyTexts() {
        List<String> texts = new ArrayList<>();
        for (int year : new int[] {1900, 2000, 2023, 2024}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    texts.add(String.format("%04d-%02d-%02dT23:59:59Z", year, month, day));
                }
            }
        }
        for (String time : List.of("00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "99:99:99")) {
            for (String offset : List.of("Z", "+00:00", "-00:00", "+18:00", "-18:00", "+18:01", "+17:59", "+19:00", "-01:60",
                    "+1:00", "z", "+01:0")) {
                for (String fraction : List.of("", ".", ".0", ".123456789", ".1234567890", ".12a")) {
                    texts.add("2024-06-15T" + time + fraction + offset);
                }
            }
        }
        Random random = new Random(18);
        String alphabet = "0123456789-:T.Z+zt ";
        String base = "2024-02-29T10:15:30.5+01:00";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder(base);
            for (int m = random.nextInt(3) + 1; m > 0; m--) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            texts.add(s.toString());
        }
        int decidedHere = 0;
        for (String s : texts) {
            assertSameAsParse(s);
            if (Timestamps.common(s) >= 0) {
                decidedHere++;
            }
        }
        assertTrue(decidedHere > 5_000, "most texts of the common shape were decided without the parser: " + decidedHere);
    }
}
