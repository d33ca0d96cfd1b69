package dev.sluice.kafka;

import dev.sluice.ports.out.EventLog.GroupHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of a group member whose handler takes records one by one ({@link GroupHandler#window()} above
 * 0): each record is handed over as it is read, and each partition is committed up to its first record
 * not finished. Reading goes on while the member holds fewer records than the window (handed over and
 * not committed: a slow record holds back its partition's commit and, once the window is full, the
 * reading, not the records read after it up to then); beyond it the partitions are paused until half of
 * the window is free. What was handled after an unfinished record comes again only if the member stops
 * before it finishes (at least once).
 *
 * <p>A record that fails: every started record is waited for, each partition goes back to its first
 * record that was not handled, and after a pause they are handed over again. Partitions a rebalance
 * takes away first wait for their started records, so that no key is delivered by two members at once.
 * Used by the member's thread only; the handler's {@code finished} calls come from any thread through a
 * queue.
 */
final class WindowedGroup {

    private static final Logger LOG = LoggerFactory.getLogger(WindowedGroup.class);
    /** How long a poll waits while records are unfinished: their ends are looked at between polls. */
    private static final Duration WHILE_UNFINISHED = Duration.ofMillis(20);
    /** While paused, a poll now and then: it brings nothing, but takes part in rebalances. */
    private static final long POLL_WHILE_PAUSED_NANOS = Duration.ofMillis(100).toNanos();
    private static final long COMMIT_EVERY_NANOS = Duration.ofMillis(200).toNanos();

    private enum State { STARTED, DONE, FAILED }

    private record Finished(TopicPartition partition, long offset, Throwable error) {}

    private final String topic;
    private final String group;
    private final GroupHandler handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final int window;
    /** Per partition, the records handed over and not yet committed, by offset. */
    private final Map<TopicPartition, TreeMap<Long, State>> open = new HashMap<>();
    private final LinkedBlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    /** The next offset to commit per partition, once it moved. */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private int unfinished;
    /** Records handed over and not yet committed (unfinished, finished after an unfinished one, failed). */
    private int held;
    private boolean paused;
    private Finished failure;

    WindowedGroup(String topic, String group, GroupHandler handler, KafkaConsumer<String, byte[]> consumer) {
        this.topic = topic;
        this.group = group;
        this.handler = handler;
        this.consumer = consumer;
        this.window = handler.window();
    }

    void run(AtomicBoolean closed, KafkaEventLog.Outage outage) throws InterruptedException {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // another member reads them next: their keys' records under way end here first
                try {
                    awaitUnfinished(partitions);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                advance();
                KafkaEventLog.commit(consumer, done);
                partitions.forEach(WindowedGroup.this::forget);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                partitions.forEach(WindowedGroup.this::forget); // no longer ours to commit: they come again
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (paused) {
                    consumer.pause(partitions);
                }
            }
        });
        long nextCommit = System.nanoTime();
        long lastPoll = System.nanoTime();
        try {
            while (!closed.get()) {
                for (Finished f = finished.poll(); f != null; f = finished.poll()) {
                    take(f);
                }
                if (failure != null) {
                    rewind();
                    if (!KafkaEventLog.pause(closed)) {
                        return;
                    }
                    continue;
                }
                advance();
                if (!done.isEmpty() && (unfinished == 0 || System.nanoTime() - nextCommit >= 0)) {
                    if (KafkaEventLog.commit(consumer, done) instanceof org.apache.kafka.common.errors.TimeoutException e) {
                        outage.failed(e);
                    }
                    nextCommit = System.nanoTime() + COMMIT_EVERY_NANOS;
                }
                if (!paused && held >= window) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                } else if (paused && held <= window / 2) {
                    consumer.resume(consumer.paused());
                    paused = false;
                }
                if (paused) {
                    // the window is full: wait for an end, not for a poll that cannot bring anything
                    Finished f = finished.poll(WHILE_UNFINISHED.toMillis(), TimeUnit.MILLISECONDS);
                    if (f != null) {
                        take(f);
                    }
                    if (System.nanoTime() - lastPoll >= POLL_WHILE_PAUSED_NANOS) {
                        startAll(consumer.poll(Duration.ZERO)); // partitions assigned meanwhile are not paused yet
                        lastPoll = System.nanoTime();
                    }
                    continue;
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(unfinished > 0 ? WHILE_UNFINISHED : KafkaEventLog.POLL);
                lastPoll = System.nanoTime();
                if (records.isEmpty()) {
                    if (unfinished == 0) {
                        outage.probe(consumer);
                    }
                    continue;
                }
                outage.answered();
                startAll(records);
            }
        } finally {
            boolean interrupted = Thread.interrupted(); // the stop and the commit below must not fail on it
            handler.stopStarted(); // what is under way is interrupted and will come again
            for (Finished f = finished.poll(); f != null; f = finished.poll()) {
                take(f);
            }
            advance();
            KafkaEventLog.commit(consumer, done);
            // what was interrupted never reports its end: nothing is under way any more (closing the consumer
            // revokes its partitions, and that waits for what is)
            open.clear();
            unfinished = 0;
            held = 0;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startAll(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition partition = new TopicPartition(r.topic(), r.partition());
            long offset = r.offset();
            open.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, State.STARTED);
            unfinished++;
            held++;
            handler.start(KafkaEventLog.logged(r), error -> finished.add(new Finished(partition, offset, error)));
        }
    }

    private void take(Finished f) {
        TreeMap<Long, State> offsets = open.get(f.partition());
        if (offsets == null || offsets.get(f.offset()) != State.STARTED) {
            return; // a partition given up in a rebalance
        }
        offsets.put(f.offset(), f.error() == null ? State.DONE : State.FAILED);
        unfinished--;
        if (f.error() != null && failure == null) {
            failure = f;
        }
    }

    /** Moves each partition's commit past its finished head. */
    private void advance() {
        for (Map.Entry<TopicPartition, TreeMap<Long, State>> e : open.entrySet()) {
            TreeMap<Long, State> offsets = e.getValue();
            Long last = null;
            while (!offsets.isEmpty() && offsets.firstEntry().getValue() == State.DONE) {
                last = offsets.pollFirstEntry().getKey();
                held--;
            }
            if (last != null) {
                done.put(e.getKey(), new OffsetAndMetadata(last + 1));
            }
        }
    }

    /** After a failure: waits for every started record, commits what is done, and goes back to the rest. */
    private void rewind() throws InterruptedException {
        Finished first = failure;
        LOG.warn("group {}: handling {}-{}:{} failed, will retry from there: {}", group, first.partition().topic(),
                first.partition().partition(), first.offset(), String.valueOf(first.error()));
        awaitUnfinished(open.keySet());
        handler.stopStarted(); // nothing runs now; the handler forgets the keys that failed
        advance();
        for (Map.Entry<TopicPartition, TreeMap<Long, State>> e : open.entrySet()) {
            if (!e.getValue().isEmpty()) {
                consumer.seek(e.getKey(), e.getValue().firstKey());
            }
        }
        KafkaEventLog.commit(consumer, done);
        open.clear();
        held = 0;
        failure = null;
    }

    /** Waits until no record of {@code partitions} is under way. */
    private void awaitUnfinished(Collection<TopicPartition> partitions) throws InterruptedException {
        while (partitions.stream().anyMatch(this::hasStarted)) {
            Finished f = finished.poll(100, TimeUnit.MILLISECONDS);
            if (f != null) {
                take(f);
            }
        }
    }

    private boolean hasStarted(TopicPartition partition) {
        TreeMap<Long, State> offsets = open.get(partition);
        return offsets != null && offsets.containsValue(State.STARTED);
    }

    /** Drops what was handed over of {@code partition}; its ends are ignored when they come. */
    private void forget(TopicPartition partition) {
        TreeMap<Long, State> offsets = open.remove(partition);
        if (offsets != null) {
            unfinished -= (int) offsets.values().stream().filter(s -> s == State.STARTED).count();
            held -= offsets.size();
        }
        done.remove(partition);
    }
}
