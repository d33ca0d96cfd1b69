/**
 * Sluice's rules and decisions, and nothing that runs: what a route is (its source, pipeline and
 * outputs), how a retry is paced, what makes a master-data item, an organization, a customer, an
 * order or an invoice valid, how an order may change state, what a notification rule is. Plain
 * values and functions over the ports' types and the JDK: no framework, no I/O, no threads, no
 * waiting. The {@code dev.sluice.engine} runs these rules over the ports.
 */
package dev.sluice.domain;
