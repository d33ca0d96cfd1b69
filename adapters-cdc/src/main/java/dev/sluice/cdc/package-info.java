/**
 * Change data capture as a route source: {@code postgres-cdc}, Debezium's embedded engine with its
 * PostgreSQL connector, its offsets on Sluice's own log ({@link dev.sluice.cdc.LogOffsetStore}); and
 * {@code postgres} SQL tables, where S4's reference data is created and seeded for it to read.
 */
package dev.sluice.cdc;
