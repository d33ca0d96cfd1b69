package dev.sluice.domain.masterdata;

import dev.sluice.domain.Decimals;
import dev.sluice.domain.Timestamps;
import dev.sluice.ports.in.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical master data item (seed S1): {@code itemId} and {@code name} are required non-blank
 * strings; {@code category}, {@code description} and {@code status} are optional strings;
 * {@code price} is an optional number &ge; 0; {@code lastUpdated} is an optional ISO-8601 timestamp
 * with offset. Unknown fields are rejected so that typos do not travel downstream silently.
 * <p>
 * Texts must consist of characters XML 1.0 can hold, because every item may be turned into an XML
 * document downstream: one that cannot be written would be a missing event, found late. A price is
 * carried exactly as sent, digit for digit, and bounded (see {@link Decimals}).
 */
public final class MasterDataRules {

    /** Field order of the canonical JSON, as in the seed. */
    public static final List<String> FIELDS =
            List.of("itemId", "name", "category", "price", "description", "status", "lastUpdated");

    static final int MAX_TEXT = 4096;

    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    private MasterDataRules() {}

    /**
     * Checks one item and returns it in canonical form (fields in canonical order, absent optional
     * fields left out), adding a violation per bad field to {@code violations}.
     *
     * @param pointer JSON Pointer of the item in the request, {@code ""} for a single item
     * @return the canonical item, or null when the item has violations
     */
    public static Map<String, Object> canonical(Object item, String pointer, List<Violation> violations) {
        if (!(item instanceof Map<?, ?> fields)) {
            violations.add(new Violation(pointer.isEmpty() ? "/" : pointer, "must be a JSON object"));
            return null;
        }
        int before = violations.size();
        for (Object name : fields.keySet()) {
            if (!KNOWN.contains(String.valueOf(name))) {
                violations.add(new Violation(pointer + "/" + escape(String.valueOf(name)),
                        "unknown field; allowed: " + String.join(", ", FIELDS)));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        requiredText(fields, "itemId", pointer, violations, out);
        requiredText(fields, "name", pointer, violations, out);
        optionalText(fields, "category", pointer, violations, out);
        price(fields, pointer, violations, out);
        optionalText(fields, "description", pointer, violations, out);
        optionalText(fields, "status", pointer, violations, out);
        lastUpdated(fields, pointer, violations, out);
        return violations.size() == before ? out : null;
    }

    /** Checks every item; all pointers carry the index when {@code batch}. */
    public static List<Map<String, Object>> canonicalAll(List<?> items, boolean batch, List<Violation> violations) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(canonical(items.get(i), batch ? "/" + i : "", violations));
        }
        return out;
    }

    private static void requiredText(Map<?, ?> in, String field, String pointer, List<Violation> v,
                                     Map<String, Object> out) {
        if (!in.containsKey(field) || in.get(field) == null) {
            v.add(new Violation(pointer + "/" + field, "is required"));
            return;
        }
        Object value = in.get(field);
        if (!(value instanceof String s)) {
            v.add(new Violation(pointer + "/" + field, "must be a string"));
        } else if (firstNonXmlChar(s) >= 0) {
            v.add(new Violation(pointer + "/" + field, nonXmlChar(firstNonXmlChar(s))));
        } else if (s.isBlank()) {
            v.add(new Violation(pointer + "/" + field, "must not be blank"));
        } else if (s.length() > MAX_TEXT) {
            v.add(new Violation(pointer + "/" + field, "must be at most " + MAX_TEXT + " characters"));
        } else {
            out.put(field, s);
        }
    }

    private static void optionalText(Map<?, ?> in, String field, String pointer, List<Violation> v,
                                     Map<String, Object> out) {
        Object value = in.get(field);
        if (value == null) {
            return;
        }
        if (!(value instanceof String s)) {
            v.add(new Violation(pointer + "/" + field, "must be a string"));
        } else if (firstNonXmlChar(s) >= 0) {
            v.add(new Violation(pointer + "/" + field, nonXmlChar(firstNonXmlChar(s))));
        } else if (s.length() > MAX_TEXT) {
            v.add(new Violation(pointer + "/" + field, "must be at most " + MAX_TEXT + " characters"));
        } else {
            out.put(field, s);
        }
    }

    private static void price(Map<?, ?> in, String pointer, List<Violation> v, Map<String, Object> out) {
        Object value = in.get("price");
        if (value == null) {
            return;
        }
        if (!(value instanceof Number n)) {
            v.add(new Violation(pointer + "/price", "must be a number"));
            return;
        }
        BigDecimal price;
        try {
            price = n instanceof BigDecimal exact ? exact : new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            v.add(new Violation(pointer + "/price", "must be a finite number"));
            return;
        }
        String beyondBound = Decimals.beyondBound(price);
        if (price.signum() < 0) {
            v.add(new Violation(pointer + "/price", "must be greater than or equal to 0"));
        } else if (beyondBound != null) {
            v.add(new Violation(pointer + "/price", beyondBound));
        } else {
            // a negative scale (1.5e2) would print with an exponent; as plain digits every output agrees
            out.put("price", price.scale() < 0 ? price.setScale(0) : price);
        }
    }

    private static void lastUpdated(Map<?, ?> in, String pointer, List<Violation> v, Map<String, Object> out) {
        Object value = in.get("lastUpdated");
        if (value == null) {
            return;
        }
        if (value instanceof String s && Timestamps.isOffsetDateTime(s)) {
            out.put("lastUpdated", s);
            return;
        }
        v.add(new Violation(pointer + "/lastUpdated",
                "must be an ISO-8601 timestamp with offset, such as 2024-01-15T10:30:00Z"));
    }

    /**
     * The first code point of {@code s} that is no XML 1.0 {@code Char} (§2.2), or -1. An unpaired
     * surrogate comes out of {@link String#codePointAt} as itself, so it is caught here too.
     */
    static int firstNonXmlChar(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!isXmlChar(c)) {
                return c;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static String nonXmlChar(int c) {
        return String.format("must not contain U+%04X, a character XML 1.0 cannot hold (control characters other "
                + "than tab, line feed and carriage return, U+FFFE, U+FFFF and unpaired surrogates are refused)", c);
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
