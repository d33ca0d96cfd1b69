package dev.sluice.domain.view;

import java.util.List;
import java.util.Map;

/**
 * A view whose rule is code, for what the declarative vocabulary cannot say cleanly: a state machine per
 * key over the events of one or more topics (a purchase and its payment; a packet underway, then
 * delivered). The runtime groups the events of {@link #from()} by {@link #keyOf}, folds them with
 * {@link #add} in event-time order, and shows {@link #row} per key; {@link #summary()} is folded over the
 * shown rows when they are queried. Found through {@link java.util.ServiceLoader} by {@link #name()} and
 * declared in configuration as {@code coded: <name>}. Implementations are pure functions over JSON values.
 */
public interface CodedView {

    /** The name it is declared by, and the view's default name. */
    String name();

    /** The topics it reads, as logical names (a declaration may put a prefix before them). */
    List<String> from();

    /** What it does, one line per part, for listing views. */
    List<String> description();

    /** The key an event of logical topic {@code topic} belongs to; null when it does not count. */
    String keyOf(String topic, Object payload);

    Object initial();

    /** The key's state after one more event; {@code state} is not changed. */
    Object add(Object state, String topic, Object payload, long eventTime);

    /** The key's row, or null to show none for this key (yet or any more). */
    Map<String, Object> row(Object state);

    /** Figures over every shown row (each row is the input of each aggregate); empty for none. */
    List<Aggregate> summary();
}
