/**
 * Sluice's business behaviour: master data rules, route and delivery semantics. Uses the ports and
 * the JDK only; no framework, no I/O, no threads of its own. Wired in the app module.
 */
package dev.sluice.domain;
