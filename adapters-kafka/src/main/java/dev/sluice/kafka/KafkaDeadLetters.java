package dev.sluice.kafka;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.DeadLetters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Dead letters on Kafka: topic {@code sluice.dlq.<route>} (one partition, so they stay in failure
 * order), the original event with extensions {@code sluicereason}, {@code sluiceattempts} and
 * {@code sluicefailedat}. What has been replayed is the committed offset of the consumer group
 * {@code sluice.dlq.<route>.replayed}, so the pending list survives restarts.
 */
final class KafkaDeadLetters implements DeadLetters {

    static final String REASON = "sluicereason";
    static final String ATTEMPTS = "sluiceattempts";
    static final String FAILED_AT = "sluicefailedat";

    private final KafkaEventLog log;
    private final Topics topics;
    private final Admin admin;
    private final KafkaSettings settings;

    KafkaDeadLetters(KafkaEventLog log, Topics topics, Admin admin, KafkaSettings settings) {
        this.log = log;
        this.topics = topics;
        this.admin = admin;
        this.settings = settings;
    }

    static String topic(String route) {
        return "sluice.dlq." + route;
    }

    static String group(String route) {
        return topic(route) + ".replayed";
    }

    @Override
    public Position add(String route, EventEnvelope event, String reason, int attempts) {
        String topic = topic(route);
        topics.ensure(topic, 1);
        Map<String, String> headers = new HashMap<>(event.headers());
        headers.put(REASON, reason);
        headers.put(ATTEMPTS, String.valueOf(attempts));
        headers.put(FAILED_AT, Instant.now().toString());
        try {
            return log.append(topic, List.of(event.withHeaders(headers))).toCompletableFuture()
                    .get(settings.ackTimeout().toMillis() * 2, TimeUnit.MILLISECONDS).get(0);
        } catch (ExecutionException e) {
            throw Topics.unavailable("store dead letter of " + route, e.getCause());
        } catch (TimeoutException e) {
            throw Topics.unavailable("store dead letter of " + route, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Topics.unavailable("store dead letter of " + route, e);
        }
    }

    @Override
    public List<DeadLetter> pending(String route, int limit) {
        String topic = topic(route);
        topics.ensure(topic, 1);
        TopicPartition tp = new TopicPartition(topic, 0);
        long from = committed(route, tp);
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = log.consumer(null)) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), settings.ackTimeout()).get(tp);
            long begin = consumer.beginningOffsets(List.of(tp), settings.ackTimeout()).get(tp);
            consumer.seek(tp, Math.max(from, begin));
            long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
            while (out.size() < limit && consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (out.size() >= limit || r.offset() >= end) {
                        break;
                    }
                    EventEnvelope stored = CloudEventsMapping.fromRecord(r);
                    Map<String, String> headers = new HashMap<>(stored.headers());
                    String reason = headers.remove(REASON);
                    String attempts = headers.remove(ATTEMPTS);
                    String failedAt = headers.remove(FAILED_AT);
                    out.add(new DeadLetter(stored.withHeaders(headers), new Position("0:" + r.offset()),
                            reason == null ? "unknown" : reason,
                            attempts == null ? 0 : Integer.parseInt(attempts),
                            failedAt == null ? Instant.ofEpochMilli(r.timestamp()) : Instant.parse(failedAt)));
                }
            }
        } catch (RuntimeException e) {
            throw Topics.unavailable("read dead letters of " + route, e);
        }
        return out;
    }

    @Override
    public void acknowledge(String route, DeadLetter letter) {
        TopicPartition tp = new TopicPartition(topic(route), 0);
        long offset = Long.parseLong(letter.position().value().substring(2));
        try {
            admin.alterConsumerGroupOffsets(group(route), Map.of(tp, new OffsetAndMetadata(offset + 1)))
                    .all().get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw Topics.unavailable("acknowledge dead letter of " + route, e.getCause());
        } catch (TimeoutException e) {
            throw Topics.unavailable("acknowledge dead letter of " + route, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Topics.unavailable("acknowledge dead letter of " + route, e);
        }
    }

    private long committed(String route, TopicPartition tp) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group(route))
                    .partitionsToOffsetAndMetadata().get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            OffsetAndMetadata committed = offsets.get(tp);
            return committed == null ? 0 : committed.offset();
        } catch (ExecutionException e) {
            throw Topics.unavailable("read dead-letter position of " + route, e.getCause());
        } catch (TimeoutException e) {
            throw Topics.unavailable("read dead-letter position of " + route, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Topics.unavailable("read dead-letter position of " + route, e);
        }
    }
}
