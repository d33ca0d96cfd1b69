/**
 * Streaming views (scenario S4), as rules: what a view declares ({@link ViewDefinition}), which
 * event-time windows an event belongs to and until when a window takes late events ({@link Window}),
 * and how each aggregate folds values into a state and reads a result from it ({@link Aggregate}).
 * Pure functions over plain values: the states are numbers, strings, lists and maps, so that whatever
 * runtime keeps them (Kafka Streams state stores, in the Kafka adapter) can store them as JSON.
 */
package dev.sluice.domain.view;
