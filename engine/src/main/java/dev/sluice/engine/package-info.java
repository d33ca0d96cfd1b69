/**
 * The application layer: the use cases of the in-ports, run over the out-ports. Here live the
 * route engine and its deliveries, the shared SSE tails, and the consumer loops of the scenarios
 * (order enrichment, notifications, client-stream forwarding): everything that starts threads, waits
 * for an acknowledgement or sleeps between retries. What to decide (a route's shape, a retry's
 * delay, whether a master-data item or an order is valid, which rule applies) is asked of the
 * {@code dev.sluice.domain}. Depends on the domain, the ports and the JDK only; wired in the app.
 */
package dev.sluice.engine;
