/**
 * Kafka adapter: {@link dev.sluice.kafka.KafkaEventLog} (append with acks=all and an idempotent
 * producer, group-less tails for SSE, consumer groups with commit-after-handle for push routes),
 * {@link dev.sluice.kafka.KafkaDeadLetters}, and {@link dev.sluice.kafka.EmbeddedKafka}, a real
 * single-node KRaft broker started in-process. Events travel in CloudEvents binary mode
 * ({@code ce_*} headers) through the CloudEvents Kafka binding.
 *
 * <p>Uses the plain Kafka clients rather than micronaut-kafka: routes are declared in configuration
 * at run time, while micronaut-kafka's listeners are fixed at compile time.
 */
package dev.sluice.kafka;
