/**
 * The bookstore of scenario S4, as rules: its reference data ({@link Catalogue}: invented books and
 * customers, the same on every run) and its shop's workflow ({@link Simulation}: browse, cart,
 * purchase, payment, shipping, delivered or lost), which produces the events S4's views analyse,
 * deterministically for a seed and on a simulated clock. Nothing here runs or waits: the engine paces
 * a simulation and appends its events to the log.
 */
package dev.sluice.domain.bookstore;
