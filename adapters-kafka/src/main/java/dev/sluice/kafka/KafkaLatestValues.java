package dev.sluice.kafka;

import dev.sluice.cloudevents.CloudEventsCodec;
import dev.sluice.cloudevents.KafkaBinding;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.out.LatestValues;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LatestValues} with Kafka Streams: one application per table ({@code sluice-table-<topic>})
 * that reads the compacted topic into a KTable backed by a persistent state store (RocksDB) with its
 * changelog topic. Each value is the whole event in CloudEvents JSON (structured mode), since the
 * record's CloudEvents headers do not travel into a state store. After a restart the store resumes
 * from its local state and committed offsets, or is restored from the changelog.
 */
final class KafkaLatestValues implements LatestValues {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLatestValues.class);
    private static final EventFormat JSON = new JsonFormat();

    private final KafkaSettings settings;
    private final Topics topics;
    private final Path stateDir;
    private final String applicationPrefix;
    private final Map<String, KafkaTable> tables = new ConcurrentHashMap<>();

    KafkaLatestValues(KafkaSettings settings, Topics topics, Path stateDir, String applicationPrefix) {
        this.settings = settings;
        this.topics = topics;
        this.stateDir = stateDir;
        this.applicationPrefix = applicationPrefix;
    }

    @Override
    public Table table(String topic) {
        return tables.computeIfAbsent(topic, this::start);
    }

    private KafkaTable start(String topic) {
        topics.ensureCompacted(topic);
        String store = "latest-" + topic;
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .processValues(Structured::new)
                .toTable(Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        Properties p = settings.base();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationPrefix + "sluice-table-" + topic);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(settings.replicationFactor()));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0"); // every update visible at once
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        streams.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                streams.close(Duration.ofSeconds(5));
                throw new BrokerUnavailableException("latest-value table of " + topic + " did not start (state "
                        + streams.state() + ")", Duration.ofSeconds(5), null);
            }
            sleep(50);
        }
        LOG.info("latest-value table of {} running (Kafka Streams, store {})", topic, store);
        return new KafkaTable(topic, store, streams);
    }

    /** The record's event (binary mode, in headers) as CloudEvents JSON, the value kept in the store. */
    private static final class Structured implements FixedKeyProcessor<String, byte[], byte[]> {
        private FixedKeyProcessorContext<String, byte[]> context;

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            if (record.value() == null) {
                context.forward(record.withValue(null)); // a tombstone deletes the key
                return;
            }
            try {
                EventEnvelope event = KafkaBinding.read(record.headers(), Header::key, Header::value, record.key(),
                        record.value(), record.timestamp(), null, 0, 0);
                if (event == null) {
                    LOG.warn("latest-value table: skipped a record without CloudEvents headers (key {})", record.key());
                    return;
                }
                context.forward(record.withValue(JSON.serialize(CloudEventsCodec.toCloudEvent(event))));
            } catch (RuntimeException e) {
                LOG.warn("latest-value table: skipped a record that is no CloudEvent (key {}): {}",
                        record.key(), e.getMessage());
            }
        }
    }

    private final class KafkaTable implements Table {
        private final String topic;
        private final String store;
        private final KafkaStreams streams;

        KafkaTable(String topic, String store, KafkaStreams streams) {
            this.topic = topic;
            this.store = store;
            this.streams = streams;
        }

        private ReadOnlyKeyValueStore<String, byte[]> view() {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
        }

        @Override
        public Optional<EventEnvelope> get(String key) {
            byte[] value = view().get(key);
            return value == null ? Optional.empty() : Optional.of(decode(key, value));
        }

        @Override
        public List<EventEnvelope> values() {
            List<EventEnvelope> out = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> all = view().all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> kv = all.next();
                    out.add(decode(kv.key, kv.value));
                }
            }
            return out;
        }

        @Override
        public boolean awaitValue(String key, String eventId, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    Optional<EventEnvelope> v = get(key);
                    if (v.isPresent() && v.get().id().equals(eventId)) {
                        return true;
                    }
                } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                    // rebalancing or restoring: try again
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
        }

        void close() {
            // leave the group: a restart takes the table's partition over at once, instead of waiting for
            // this member's session to time out (45 s) before the table is running again
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(10)));
            LOG.debug("latest-value table of {} closed", topic);
        }
    }

    private static EventEnvelope decode(String key, byte[] json) {
        CloudEvent ce = JSON.deserialize(json);
        return CloudEventsCodec.fromCloudEvent(ce, key, Instant.EPOCH);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a table", e);
        }
    }

    @Override
    public void close() {
        tables.values().forEach(KafkaTable::close);
        tables.clear();
    }
}
