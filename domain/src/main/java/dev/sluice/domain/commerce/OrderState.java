package dev.sluice.domain.commerce;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The life of an order: pending → confirmed → shipped → delivered, and cancelled from pending or
 * confirmed. Delivered and cancelled are final. Staying in the same state is allowed (an update of
 * other fields).
 */
public enum OrderState {
    PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED;

    public Set<OrderState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(CONFIRMED, CANCELLED);
            case CONFIRMED -> EnumSet.of(SHIPPED, CANCELLED);
            case SHIPPED -> EnumSet.of(DELIVERED);
            case DELIVERED, CANCELLED -> EnumSet.noneOf(OrderState.class);
        };
    }

    public boolean mayBecome(OrderState other) {
        return other == this || next().contains(other);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    String nextWireNames() {
        return next().stream().map(OrderState::wire).collect(Collectors.joining(" or "));
    }

    static OrderState fromWire(String s) {
        for (OrderState st : values()) {
            if (st.wire().equals(s)) {
                return st;
            }
        }
        return null;
    }

    static String wireNames() {
        return java.util.Arrays.stream(values()).map(OrderState::wire).collect(Collectors.joining(", "));
    }
}
