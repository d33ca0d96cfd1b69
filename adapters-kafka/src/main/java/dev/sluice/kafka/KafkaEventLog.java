package dev.sluice.kafka;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} on Kafka. One shared idempotent producer (acks=all) for appends; one consumer per
 * tail (assigned partitions, no group) on its own virtual thread; one consumer per group on its own
 * thread, handing each poll's records to the handler in batches of up to its {@code maxBatch()} and
 * committing after the handler returned, or, for a handler with a window, one by one as they are read,
 * committing each partition up to its first unfinished record ({@link WindowedGroup}).
 */
final class KafkaEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventLog.class);
    static final Duration POLL = Duration.ofMillis(200);
    private static final Duration HANDLER_FAILURE_PAUSE = Duration.ofSeconds(1);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    /** Records per poll for a one-at-a-time handler. */
    private static final int SINGLE_POLL = 200;
    /**
     * Records per poll for a batching handler (a route with concurrency): its lanes wait for the
     * slowest, and a larger poll evens the lanes out and commits less often (bench: webhook-*-c16/c64).
     */
    private static final int BATCH_POLL = 1000;
    /** Where appends complete: Kafka's callbacks run on the producer's I/O thread and must stay short. */
    private static final Executor COMPLETIONS = Executors.newVirtualThreadPerTaskExecutor();

    private final KafkaSettings settings;
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;

    KafkaEventLog(KafkaSettings settings, Topics topics) {
        this.settings = settings;
        this.topics = topics;
        Properties p = settings.base();
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        // a record leaves at once: a POST of one item waits for its acknowledgement, and with linger.ms=2
        // every such POST waited 2 ms more, which bounded 64 connections to about 20 000 requests/s (bench
        // ingest-single: 19 100 -> 26 100/s with 0; POST->SSE p50 2.05 -> 0.57 ms). Records sent while a
        // request is in flight still go out together; batch POSTs measured alike within the run's noise.
        p.putIfAbsent("linger.ms", "0");
        // CloudEvents headers make a record about twice its payload; larger batches mean fewer produce
        // requests for a batch POST (bench: ingest-batch)
        p.putIfAbsent("batch.size", String.valueOf(128 * 1024));
        long ack = settings.ackTimeout().toMillis();
        p.putIfAbsent("max.block.ms", String.valueOf(ack));
        p.putIfAbsent("request.timeout.ms", String.valueOf(Math.max(1000, ack / 2)));
        p.putIfAbsent("delivery.timeout.ms", String.valueOf(ack + 2));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
        try {
            topics.ensure(topic);
        } catch (BrokerUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        // one result per call, completed by the last acknowledgement; the caller's continuation (the
        // receipt, the HTTP answer) runs on a virtual thread, never on the producer's I/O thread
        CompletableFuture<List<Position>> result = new CompletableFuture<>();
        Position[] positions = new Position[events.size()];
        AtomicInteger pending = new AtomicInteger(events.size());
        AtomicBoolean failed = new AtomicBoolean();
        try {
            for (int i = 0; i < positions.length; i++) {
                int index = i;
                producer.send(CloudEventsMapping.toRecord(topic, events.get(i)), (RecordMetadata md, Exception error) -> {
                    if (error != null) {
                        if (failed.compareAndSet(false, true)) {
                            BrokerUnavailableException e = Topics.unavailable("append to " + topic, error);
                            COMPLETIONS.execute(() -> result.completeExceptionally(e));
                        }
                    } else {
                        positions[index] = new Position(md.partition() + ":" + md.offset());
                        if (pending.decrementAndGet() == 0 && !failed.get()) {
                            COMPLETIONS.execute(() -> result.complete(List.of(positions)));
                        }
                    }
                });
            }
        } catch (RuntimeException e) {
            // send() itself fails when metadata cannot be fetched within max.block.ms
            failed.set(true);
            return CompletableFuture.failedFuture(Topics.unavailable("append to " + topic, e));
        }
        return result;
    }

    /** One partition (one order for every key), {@code cleanup.policy=compact} (no expiry by age). */
    @Override
    public void keepLatestPerKey(String topic) {
        topics.ensure(topic, 1);
        topics.ensureCompacted(topic);
    }

    @Override
    public Subscription tail(String topic, StartAt start, TailListener listener) {
        topics.ensure(topic);
        KafkaConsumer<String, byte[]> consumer = consumer(null);
        Map<Integer, Long> lastSeen = new HashMap<>();
        try {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            Map<Integer, Long> resume = start instanceof StartAt.After after ? Cursors.decode(after.cursor()) : Map.of();
            for (TopicPartition tp : partitions) {
                switch (start) {
                    case StartAt.Latest l -> consumer.seekToEnd(List.of(tp));
                    case StartAt.Earliest e -> consumer.seekToBeginning(List.of(tp));
                    case StartAt.After a -> {
                        Long seen = resume.get(tp.partition());
                        if (seen == null) {
                            consumer.seekToBeginning(List.of(tp));
                        } else {
                            consumer.seek(tp, seen + 1);
                        }
                    }
                }
                // resolve lazy seeks now, so "latest" means the moment of subscribing
                lastSeen.put(tp.partition(), consumer.position(tp, settings.ackTimeout()) - 1);
            }
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw Topics.unavailable("read " + topic, e);
        }
        AtomicBoolean closed = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().name("sluice-tail-" + topic).start(() -> {
            try (consumer) {
                while (!closed.get()) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    for (ConsumerRecord<String, byte[]> r : records) {
                        if (closed.get()) {
                            return;
                        }
                        lastSeen.put(r.partition(), r.offset());
                        listener.onEvent(new LoggedEvent(CloudEventsMapping.fromRecord(r),
                                new Position(r.partition() + ":" + r.offset()), Cursors.encode(lastSeen)));
                    }
                }
            } catch (WakeupException e) {
                // closed
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    LOG.warn("tail of {} stopped: {}", topic, e.toString());
                    listener.onError(e);
                }
            }
        });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                consumer.wakeup();
            }
        };
    }

    @Override
    public Subscription consume(String topic, String group, GroupHandler handler) {
        topics.ensure(topic);
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<KafkaConsumer<String, byte[]>> current = new AtomicReference<>();
        // a window: a poll brings at most half of it (it reads again once half is free); else a batching
        // handler takes whole polls
        int maxPoll = handler.window() > 0 ? Math.max(1, handler.window() / 2) : handler.maxBatch() > 1 ? BATCH_POLL : SINGLE_POLL;
        Thread worker = Thread.ofPlatform().name("sluice-group-" + group).daemon().start(() -> {
            Outage outage = new Outage(topic, group, handler);
            // never ends by itself: a consumer that failed is closed (what it handled is committed, the rest
            // comes again) and a new one joins the group after a pause
            while (!closed.get()) {
                KafkaConsumer<String, byte[]> consumer = consumer(group, maxPoll);
                current.set(consumer);
                try {
                    if (!closed.get() && handler.window() > 0) {
                        new WindowedGroup(topic, group, handler, consumer).run(closed, outage);
                    } else if (!closed.get()) {
                        runGroup(topic, group, handler, consumer, closed, outage);
                    }
                    return;
                } catch (WakeupException | InterruptException | InterruptedException e) {
                    return; // closed
                } catch (RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    outage.failed(e);
                    if (!outage.pause(closed)) {
                        return;
                    }
                } finally {
                    Thread.interrupted(); // close() must leave the group cleanly even after an interrupt
                    consumer.close(Duration.ofSeconds(5));
                }
            }
        });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                KafkaConsumer<String, byte[]> consumer = current.get();
                if (consumer != null) {
                    consumer.wakeup();
                }
                worker.interrupt();
                try {
                    worker.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /**
     * One consumer's outages: reported to its handler and logged once each, with a growing pause between
     * attempts. Kafka's clients reconnect by themselves and a poll does not fail while the cluster is away,
     * so an idle consumer asks for the cluster's metadata now and then to know whether it can be reached.
     * Used by the consumer's thread only.
     */
    static final class Outage {
        private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
        private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
        private static final Duration PROBE_EVERY = Duration.ofSeconds(5);
        private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

        private final String topic;
        private final String group;
        private final GroupHandler handler;
        private boolean waiting;
        private Duration pause = FIRST_PAUSE;
        private long nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();

        Outage(String topic, String group, GroupHandler handler) {
            this.topic = topic;
            this.group = group;
            this.handler = handler;
        }

        void failed(RuntimeException e) {
            if (!waiting) {
                waiting = true;
                String reason = "Kafka: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warn("group {} on {}: {}; retrying until Kafka answers", group, topic, reason);
                handler.waiting(reason);
            }
        }

        void answered() {
            nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
            if (waiting) {
                waiting = false;
                pause = FIRST_PAUSE;
                LOG.info("group {} on {}: Kafka answers again, reading", group, topic);
                handler.resumed();
            }
        }

        /** After a poll that brought nothing: is the cluster there? (at most every few seconds) */
        void probe(KafkaConsumer<String, byte[]> consumer) {
            if (System.nanoTime() - nextProbe < 0) {
                return;
            }
            try {
                consumer.listTopics(PROBE_TIMEOUT);
                answered();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                failed(e);
                nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
            }
        }

        boolean pause(AtomicBoolean closed) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return false;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            return !closed.get();
        }
    }

    private static void runGroup(String topic, String group, GroupHandler handler,
                                 KafkaConsumer<String, byte[]> consumer, AtomicBoolean closed, Outage outage) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                commit(consumer, done);
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {}
        });
        int size = Math.max(1, handler.maxBatch());
        while (!closed.get()) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                outage.probe(consumer);
                continue;
            }
            outage.answered();
            List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>(records.count());
            records.forEach(polled::add);
            for (int from = 0; from < polled.size(); from += size) {
                List<ConsumerRecord<String, byte[]>> batch = polled.subList(from, Math.min(polled.size(), from + size));
                try {
                    handler.handleBatch(batch.stream().map(KafkaEventLog::logged).toList());
                } catch (InterruptedException e) {
                    Thread.interrupted(); // a Kafka call on an interrupted thread fails: commit what was handled first
                    commit(consumer, done);
                    return;
                } catch (RuntimeException e) {
                    // none of the batch is committed: go back to its first records and try again after a pause
                    ConsumerRecord<String, byte[]> first = batch.get(0);
                    LOG.warn("group {}: handling {} record(s) from {}-{}:{} failed, will retry: {}", group,
                            batch.size(), first.topic(), first.partition(), first.offset(), e.toString());
                    seekBack(consumer, records, done);
                    commit(consumer, done);
                    if (!pause(closed)) {
                        return;
                    }
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : batch) {
                    done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
            }
            if (commit(consumer, done) instanceof org.apache.kafka.common.errors.TimeoutException e) {
                outage.failed(e);
            }
        }
        commit(consumer, done);
    }

    static LoggedEvent logged(ConsumerRecord<String, byte[]> r) {
        String position = r.partition() + ":" + r.offset();
        return new LoggedEvent(CloudEventsMapping.fromRecord(r), new Position(position), position);
    }

    /** Rewinds every partition of the poll to its first record that was not handled. */
    private static void seekBack(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records,
                                 Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition tp : records.partitions()) {
            OffsetAndMetadata handled = done.get(tp);
            consumer.seek(tp, handled != null ? handled.offset() : records.records(tp).get(0).offset());
        }
    }

    static boolean pause(AtomicBoolean closed) {
        try {
            Thread.sleep(HANDLER_FAILURE_PAUSE);
            return !closed.get();
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Commits {@code done}; a failure is logged (those records come again) and returned, else null. */
    static RuntimeException commit(KafkaConsumer<String, byte[]> consumer,
                                           Map<TopicPartition, OffsetAndMetadata> done) {
        if (done.isEmpty()) {
            return null;
        }
        try {
            // bounded: the default (default.api.timeout.ms, a minute) would keep the loop from noticing an outage
            consumer.commitSync(done, COMMIT_TIMEOUT);
            return null;
        } catch (WakeupException closing) {
            // close() woke the consumer to end its poll; the wake-up is spent, so commit what was handled
            // now, or it would all come again after a restart
            try {
                consumer.commitSync(done, COMMIT_TIMEOUT);
                return null;
            } catch (RuntimeException e) {
                LOG.warn("commit failed (records will be delivered again): {}", e.toString());
                return e;
            }
        } catch (RuntimeException e) {
            LOG.warn("commit failed (records will be delivered again): {}", e.toString());
            return e;
        } finally {
            done.clear();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, settings.ackTimeout());
        if (infos == null || infos.isEmpty()) {
            throw Topics.unavailable("no partitions for " + topic, null);
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    KafkaConsumer<String, byte[]> consumer(String group) {
        return consumer(group, SINGLE_POLL);
    }

    private KafkaConsumer<String, byte[]> consumer(String group, int maxPollRecords) {
        Properties p = settings.base();
        if (group != null) {
            p.put("group.id", group);
            p.put("auto.offset.reset", "earliest");
            p.put("max.poll.records", String.valueOf(maxPollRecords));
            // a record may wait through a whole retry schedule before the next poll
            p.put("max.poll.interval.ms", String.valueOf(Duration.ofMinutes(30).toMillis()));
            // what a killed instance held goes to the group's next member once its session expires: 10 s
            // instead of Kafka's 45 s (heartbeats come from the client's own thread, also during retries)
            p.putIfAbsent("session.timeout.ms", "10000");
            p.putIfAbsent("heartbeat.interval.ms", "3000");
        }
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public java.util.SortedMap<String, Long> topics() {
        return topics.list();
    }

    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
