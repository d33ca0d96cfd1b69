/**
 * The only mapping between Sluice's event envelope and the wire, one class per protocol binding
 * ({@link dev.sluice.cloudevents.KafkaBinding}, {@link dev.sluice.cloudevents.AmqpBinding},
 * {@link dev.sluice.cloudevents.RedisBinding}, {@link dev.sluice.cloudevents.HttpBinding}, and
 * {@link dev.sluice.cloudevents.CloudEventsCodec} for the SDK's event formats), all on plain strings,
 * maps and bytes: the adapters copy them into their clients' types.
 *
 * <p>Headers follow one rule, {@link dev.sluice.cloudevents.HeaderRule}: a header arrives with exactly
 * its name (case-sensitive) and its exact UTF-8 value on every broker, in dead letters and in
 * latest-value tables. A header whose name is a CloudEvents extension name ({@code a-z}, {@code 0-9};
 * not a context attribute such as {@code id}) is that extension attribute on the wire
 * ({@code ce_traceparent} on Kafka, {@code cloudEvents:traceparent} on AMQP, {@code ce-traceparent}
 * on HTTP, {@code ext.traceparent} in a Redis entry). Any other header ({@code Trace-Id},
 * {@code meta-x}) is a plain Kafka header, AMQP application property or Redis field under its exact
 * name; where the wire has no such place (HTTP, CloudEvents JSON) or the binding uses that name itself
 * ({@code ce_*}, {@code content-type}, {@code cloudEvents:*}, {@code x-*}), it travels in the extension
 * {@code sluiceheaders} as percent-encoded {@code name=value} pairs joined by {@code &}.
 */
package dev.sluice.cloudevents;
