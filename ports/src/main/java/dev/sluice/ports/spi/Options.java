package dev.sluice.ports.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads plugin settings and route options, which arrive as flat strings from configuration. Errors
 * name the option and are {@link IllegalArgumentException}s, so start-up fails with the route's name.
 */
public final class Options {

    private Options() {}

    /** The option's trimmed value; fails when it is missing or blank. */
    public static String required(Map<String, String> options, String key, String owner) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(owner + " needs option '" + key + "'");
        }
        return value.trim();
    }

    /** The option as a duration: {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT10S}). */
    public static Duration duration(Map<String, String> options, String key, String fallback) {
        String text = options.getOrDefault(key, fallback);
        try {
            return parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("option '" + key + "' is not a duration (such as 500ms, 10s, 2m): "
                    + text, e);
        }
    }

    /** The option as an integer of at least {@code min}. */
    public static int integer(Map<String, String> options, String key, int fallback, int min) {
        String text = options.get(key);
        int value;
        try {
            value = text == null || text.isBlank() ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option '" + key + "' is not a whole number: " + text, e);
        }
        if (value < min) {
            throw new IllegalArgumentException("option '" + key + "' must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** Parses {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}, a plain number of milliseconds, or ISO-8601. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(t));
    }
}
