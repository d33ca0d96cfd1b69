package dev.sluice.ports.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * Refuses an option {@code owner} does not read, naming it, the nearest valid name and all of them, so
     * that a misspelt name fails start-up instead of being ignored. A valid name ending in a dot
     * ({@code client.}) admits every name under it. {@code valid} null: the plugin declares no names, and
     * none is refused.
     */
    public static void check(Map<String, ?> options, Set<String> valid, String owner) {
        if (valid == null) {
            return;
        }
        for (String key : new TreeSet<>(options.keySet())) {
            if (!admits(valid, key)) {
                throw new IllegalArgumentException(owner + " has no option '" + key + "'" + didYouMean(key, valid)
                        + "; valid: " + (valid.isEmpty() ? "none" : String.join(", ", new TreeSet<>(valid))));
            }
        }
    }

    /** Whether {@code key} is one of {@code valid}, or under one of them that ends in a dot. */
    public static boolean admits(Set<String> valid, String key) {
        if (valid.contains(key)) {
            return true;
        }
        for (String name : valid) {
            if (name.endsWith(".") && key.startsWith(name) && key.length() > name.length()) {
                return true;
            }
        }
        return false;
    }

    /** {@code "; did you mean x?"} for the valid name nearest to {@code key}, or empty when none is near. */
    public static String didYouMean(String key, Collection<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : new TreeSet<>(valid)) {
            int d = distance(key.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? "; did you mean " + best + "?" : "";
    }

    /** Edits (insert, delete, replace, swap of neighbours) that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
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
