/**
 * Processors and codecs, found through {@link java.util.ServiceLoader}: {@code filter} and
 * {@code map} evaluate JSONata expressions, {@code xml} turns a JSON object into one XML document
 * (Jackson XML); {@link dev.sluice.transform.JacksonJsonCodec} writes the domain's JSON.
 *
 * <p>Why JSONata: a maintained, declarative query-and-transform language for JSON that integration
 * engineers already meet (Node-RED, AWS Step Functions); {@code com.dashjoin:jsonata} is a pure-Java
 * implementation on Maven Central without dependencies, and an expression such as
 * {@code $lowercase(category) = 'electronics'} reads like the seed's bloblang.
 */
package dev.sluice.transform;
