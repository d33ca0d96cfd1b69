/**
 * Redis adapter: Redis Streams as Sluice's log (broker {@code redis}): topic = stream, consumer
 * group = Redis consumer group, position = stream id. Per-client streams (scenario S5) come later.
 * Uses Lettuce directly, like the Kafka adapter uses the Kafka clients: the broker is chosen and
 * started from configuration at run time.
 */
package dev.sluice.redis;
