package dev.sluice.domain.commerce;

import dev.sluice.domain.Decimals;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.ports.in.Violation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The fields of each commerce entity (seed S3), in canonical order, and their rules:
 * <ul>
 *   <li>organization: {@code name};</li>
 *   <li>customer: {@code name}, {@code lastName}, {@code email} (an address);</li>
 *   <li>order: {@code po}, {@code organizationId}, {@code customerId}, {@code date}, optional
 *       {@code deliverDate} (ISO-8601 with offset, not before {@code date}), {@code state}
 *       ({@link OrderState}, {@code pending} when new);</li>
 *   <li>invoice: {@code orderId}, {@code amount} (&ge; 0, at most 18 digits either side of the point:
 *       {@link Decimals}), {@code currency} (ISO 4217), {@code dueDate} (ISO date).</li>
 * </ul>
 * {@code id} is given by Sluice; unknown fields are rejected.
 */
public final class CommerceRules {

    static final int MAX_TEXT = 1024;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private static final Map<Entity, List<String>> FIELDS = Map.of(
            Entity.ORGANIZATION, List.of("id", "name"),
            Entity.CUSTOMER, List.of("id", "name", "lastName", "email"),
            Entity.ORDER, List.of("id", "po", "organizationId", "customerId", "date", "deliverDate", "state"),
            Entity.INVOICE, List.of("id", "orderId", "amount", "currency", "dueDate"));

    private CommerceRules() {}

    public static List<String> fields(Entity entity) {
        return FIELDS.get(entity);
    }

    /**
     * The entity in canonical form: {@code body}'s fields over {@code current}'s (null when new), checked
     * whole. Adds a violation per bad field; returns null when there is any.
     */
    public static Map<String, Object> canonical(Entity entity, Object body, Map<String, Object> current,
                                                List<Violation> violations) {
        if (!(body instanceof Map<?, ?> given)) {
            violations.add(new Violation("/", "must be a JSON object"));
            return null;
        }
        Set<String> known = Set.copyOf(FIELDS.get(entity));
        for (Object name : given.keySet()) {
            String n = String.valueOf(name);
            if (n.equals("id")) {
                violations.add(new Violation("/id", "is given by Sluice and cannot be set"));
            } else if (!known.contains(n)) {
                violations.add(new Violation("/" + n.replace("~", "~0").replace("/", "~1"),
                        "unknown field; allowed: " + String.join(", ", FIELDS.get(entity).subList(1, FIELDS.get(entity).size()))));
            }
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        if (current != null) {
            merged.putAll(current);
        }
        given.forEach((k, v) -> merged.put(String.valueOf(k), v));
        int before = violations.size();
        Map<String, Object> out = new LinkedHashMap<>();
        if (current != null) {
            out.put("id", current.get("id"));
        }
        switch (entity) {
            case ORGANIZATION -> text(merged, "name", true, violations, out);
            case CUSTOMER -> {
                text(merged, "name", true, violations, out);
                text(merged, "lastName", true, violations, out);
                email(merged, violations, out);
            }
            case ORDER -> {
                text(merged, "po", true, violations, out);
                text(merged, "organizationId", true, violations, out);
                text(merged, "customerId", true, violations, out);
                OffsetDateTime date = timestamp(merged, "date", true, violations, out);
                OffsetDateTime deliver = timestamp(merged, "deliverDate", false, violations, out);
                if (date != null && deliver != null && deliver.isBefore(date)) {
                    violations.add(new Violation("/deliverDate", "must not be before date"));
                }
                state(merged, current, violations, out);
            }
            case INVOICE -> {
                text(merged, "orderId", true, violations, out);
                amount(merged, violations, out);
                currency(merged, violations, out);
                dueDate(merged, violations, out);
            }
        }
        return violations.size() == before ? out : null;
    }

    private static void text(Map<String, Object> in, String field, boolean required, List<Violation> v,
                             Map<String, Object> out) {
        Object value = in.get(field);
        if (value == null) {
            if (required) {
                v.add(new Violation("/" + field, "is required"));
            }
            return;
        }
        if (!(value instanceof String s)) {
            v.add(new Violation("/" + field, "must be a string"));
        } else if (s.isBlank()) {
            v.add(new Violation("/" + field, "must not be blank"));
        } else if (s.length() > MAX_TEXT) {
            v.add(new Violation("/" + field, "must be at most " + MAX_TEXT + " characters"));
        } else {
            out.put(field, s.strip());
        }
    }

    private static void email(Map<String, Object> in, List<Violation> v, Map<String, Object> out) {
        int before = v.size();
        text(in, "email", true, v, out);
        if (v.size() == before && !EMAIL.matcher((String) out.get("email")).matches()) {
            out.remove("email");
            v.add(new Violation("/email", "must be an email address, such as jdo@example.com"));
        }
    }

    private static OffsetDateTime timestamp(Map<String, Object> in, String field, boolean required,
                                            List<Violation> v, Map<String, Object> out) {
        Object value = in.get(field);
        if (value == null) {
            if (required) {
                v.add(new Violation("/" + field, "is required"));
            }
            return null;
        }
        if (value instanceof String s) {
            try {
                OffsetDateTime t = OffsetDateTime.parse(s);
                out.put(field, s);
                return t;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        v.add(new Violation("/" + field, "must be an ISO-8601 timestamp with offset, such as 2022-05-07T07:50:03Z"));
        return null;
    }

    private static void state(Map<String, Object> in, Map<String, Object> current, List<Violation> v,
                              Map<String, Object> out) {
        Object value = in.getOrDefault("state", OrderState.PENDING.wire());
        OrderState next = value instanceof String s ? OrderState.fromWire(s) : null;
        if (next == null) {
            v.add(new Violation("/state", "must be one of " + OrderState.wireNames()));
            return;
        }
        if (current == null && next != OrderState.PENDING) {
            v.add(new Violation("/state", "a new order is pending"));
            return;
        }
        if (current != null) {
            OrderState from = OrderState.fromWire(String.valueOf(current.get("state")));
            if (from != null && !from.mayBecome(next)) {
                v.add(new Violation("/state", "an order that is " + from.wire() + " cannot become " + next.wire()
                        + (from.next().isEmpty() ? " (it is final)" : "; it can become " + from.nextWireNames())));
                return;
            }
        }
        out.put("state", next.wire());
    }

    private static void amount(Map<String, Object> in, List<Violation> v, Map<String, Object> out) {
        Object value = in.get("amount");
        if (value == null) {
            v.add(new Violation("/amount", "is required"));
            return;
        }
        BigDecimal amount;
        try {
            amount = value instanceof Number n ? new BigDecimal(n.toString()) : null;
        } catch (NumberFormatException e) {
            amount = null;
        }
        if (amount == null) {
            v.add(new Violation("/amount", "must be a number"));
        } else if (amount.signum() < 0) {
            v.add(new Violation("/amount", "must be greater than or equal to 0"));
        } else if (Decimals.beyondBound(amount) != null) {
            // amounts now arrive as exact BigDecimals: 1e400 is no longer an infinite double refused above
            v.add(new Violation("/amount", Decimals.beyondBound(amount)));
        } else {
            out.put("amount", value);
        }
    }

    private static void currency(Map<String, Object> in, List<Violation> v, Map<String, Object> out) {
        requiredParsed(in, "currency", s -> {
            if (s.length() != 3) {
                throw new IllegalArgumentException("not three letters");
            }
            return Currency.getInstance(s.toUpperCase(java.util.Locale.ROOT)).getCurrencyCode();
        }, "must be an ISO 4217 currency code, such as EUR or USD", v, out);
    }

    private static void dueDate(Map<String, Object> in, List<Violation> v, Map<String, Object> out) {
        requiredParsed(in, "dueDate", s -> LocalDate.parse(s).toString(),
                "must be an ISO-8601 date, such as 2022-06-30", v, out);
    }

    /**
     * A required string field kept in the canonical form {@code canonical} gives it; a value it rejects
     * (by throwing) or one that is no string is reported as {@code expected}.
     */
    private static void requiredParsed(Map<String, Object> in, String field, UnaryOperator<String> canonical,
                                       String expected, List<Violation> v, Map<String, Object> out) {
        Object value = in.get(field);
        if (value == null) {
            v.add(new Violation("/" + field, "is required"));
            return;
        }
        if (value instanceof String s) {
            try {
                out.put(field, canonical.apply(s));
                return;
            } catch (RuntimeException e) {
                // reported below
            }
        }
        v.add(new Violation("/" + field, expected));
    }
}
