package dev.sluice.kafka;

import dev.sluice.ports.event.BrokerUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics on first use, once per topic per process. */
final class Topics {

    private final Admin admin;
    private final KafkaSettings settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    Topics(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    void ensure(String topic) {
        ensure(topic, settings.partitions());
    }

    void ensure(String topic, int partitions) {
        if (known.contains(topic)) {
            return;
        }
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions),
                settings.replicationFactor() < 0 ? Optional.empty() : Optional.of(settings.replicationFactor()));
        try {
            admin.createTopics(List.of(newTopic)).all().get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw unavailable("cannot create topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw unavailable("cannot create topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while creating topic " + topic, e);
        }
        awaitLeaders(topic);
        known.add(topic);
    }

    /**
     * Makes {@code topic} a compacted topic (the log keeps the newest record per key), creating it or
     * changing its {@code cleanup.policy}: the topics behind latest-value tables.
     */
    void ensureCompacted(String topic) {
        ensure(topic);
        var resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        var compact = new org.apache.kafka.clients.admin.AlterConfigOp(
                new org.apache.kafka.clients.admin.ConfigEntry("cleanup.policy", "compact"),
                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
        try {
            admin.incrementalAlterConfigs(java.util.Map.of(resource, List.of(compact))).all()
                    .get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable("cannot make topic " + topic + " compacted", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while configuring topic " + topic, e);
        }
    }

    /**
     * Every topic but the broker's and Kafka Streams' internal ones ({@code -changelog},
     * {@code -repartition}), with the records it holds (latest minus earliest offset, summed over partitions).
     */
    java.util.SortedMap<String, Long> list() {
        long timeout = settings.ackTimeout().toMillis();
        try {
            Set<String> names = new java.util.TreeSet<>(admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS));
            names.removeIf(n -> n.endsWith("-changelog") || n.endsWith("-repartition"));
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> earliest =
                    new java.util.HashMap<>();
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            admin.describeTopics(names).allTopicNames().get(timeout, TimeUnit.MILLISECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> {
                        var tp = new org.apache.kafka.common.TopicPartition(name, p.partition());
                        earliest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.earliest());
                        latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }));
            var first = admin.listOffsets(earliest).all().get(timeout, TimeUnit.MILLISECONDS);
            var last = admin.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
            java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
            names.forEach(n -> counts.put(n, 0L));
            last.forEach((tp, info) -> counts.merge(tp.topic(), info.offset() - first.get(tp).offset(), Long::sum));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable("cannot list topics", e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while listing topics", e);
        }
    }

    /** A new topic takes a moment to get a leader per partition; appending before that only times out. */
    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + settings.ackTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    awaitWritable(topic, d);
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not visible yet: ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted while waiting for topic " + topic, e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted while waiting for topic " + topic, e);
            }
        }
        throw unavailable("topic " + topic + " has no leader yet", null);
    }

    /**
     * The controller names a leader before the leader itself has applied the new partition; a produce
     * request in between fails with NOT_LEADER_OR_FOLLOWER, and an idempotent producer with several
     * requests in flight can then spin on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout
     * (KAFKA-15591). A ListOffsets request is answered by the leader only once it holds the partition
     * (the admin client retries until then), so the first append comes after that.
     */
    private void awaitWritable(String topic, TopicDescription d) throws ExecutionException, TimeoutException,
            InterruptedException {
        java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                new java.util.HashMap<>();
        d.partitions().forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        admin.listOffsets(latest).all().get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    static BrokerUnavailableException unavailable(String what, Throwable cause) {
        return new BrokerUnavailableException(what + ": Kafka did not answer ("
                + (cause == null ? "timeout" : cause.getClass().getSimpleName() + ": " + cause.getMessage()) + ")",
                Duration.ofSeconds(5), cause);
    }
}
