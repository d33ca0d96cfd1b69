package dev.sluice.amqp;

import dev.sluice.ports.spi.Options;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of broker {@code rabbitmq} ({@code sluice.rabbitmq.*}).
 *
 * @param endpoint       {@code uri}: {@code amqp://user:pass@host:5672/vhost} (env {@code RABBITMQ_URI})
 * @param ackTimeout     {@code ack-timeout}: how long an append waits for publisher confirms
 * @param retention      {@code retention}: how long the stream queues keep events, as RabbitMQ's
 *                       {@code x-max-age} ({@code 7D}, {@code 12h}, ...)
 * @param prefetch       {@code prefetch}: unacknowledged deliveries per SSE reader, at most
 *                       {@value #MAX_PREFETCH}
 * @param groupQueueType {@code group-queue-type}: {@code quorum} (replicated, the default) or {@code classic}
 * @param namePrefix     {@code name-prefix}: put before every exchange and queue Sluice declares
 *                       (default {@code sluice.}), so that several installations or test runs share a vhost
 */
record RabbitSettings(AmqpEndpoint endpoint, Duration ackTimeout, String retention, int prefetch,
                      String groupQueueType, String namePrefix) {

    /**
     * A replay's reader may wait for its client while the broker's deliveries queue up in amqp-client,
     * whose connection stops reading (for every channel) once 1 000 wait for one channel.
     */
    static final int MAX_PREFETCH = 500;

    static RabbitSettings from(Map<String, String> settings) {
        String partitions = settings.getOrDefault("partitions", "1").trim();
        if (!partitions.equals("1")) {
            throw new IllegalStateException("broker 'rabbitmq' cannot give partitions (sluice.rabbitmq.partitions="
                    + partitions + "): a topic is one stream queue; per-key order holds across the whole topic");
        }
        String type = settings.getOrDefault("group-queue-type", "quorum").trim();
        if (!type.equals("quorum") && !type.equals("classic")) {
            throw new IllegalArgumentException("sluice.rabbitmq.group-queue-type must be quorum or classic, was " + type);
        }
        int prefetch = Options.integer(settings, "prefetch", 256, 1);
        if (prefetch > MAX_PREFETCH) {
            throw new IllegalArgumentException("sluice.rabbitmq.prefetch must be at most " + MAX_PREFETCH
                    + ", was " + prefetch + ": an SSE replay may wait for its client while that many deliveries wait");
        }
        return new RabbitSettings(AmqpEndpoint.fromSettings(settings, "broker 'rabbitmq'"),
                Options.duration(settings, "ack-timeout", "10s"),
                settings.getOrDefault("retention", "7D").trim(),
                prefetch, type,
                settings.getOrDefault("name-prefix", "sluice.").trim());
    }
}
