/**
 * Pipeline processors and the JSON codec.
 *
 * <p>Route steps {@code filter} and {@code map} take a <a href="https://jsonata.org">JSONata</a>
 * expression, and {@code xml} takes a root element name. We use JSONata because it is a maintained,
 * declarative query and transform language for JSON that integration engineers already know from
 * Node-RED and AWS Step Functions. It is implemented in pure Java by dashjoin
 * ({@code com.dashjoin:jsonata} on Maven Central, with no dependencies), and expressions such as
 * {@code $lowercase(category) = 'electronics'} read much like the seed's bloblang. Each expression
 * is parsed once, when the route starts, so a syntax error stops start-up and does not show up
 * later on every event.
 *
 * <p>The app finds the plugins ({@link dev.sluice.transform.FilterPlugin},
 * {@link dev.sluice.transform.MapPlugin} and {@link dev.sluice.transform.XmlPlugin}) through
 * {@link java.util.ServiceLoader}: {@code META-INF/services/dev.sluice.ports.spi.ProcessorPlugin}.
 * The processors they create are thread-safe and never change their input event.
 */
package dev.sluice.transform;
