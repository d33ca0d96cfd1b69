package dev.sluice.kafka;

import dev.sluice.cloudevents.KafkaBinding;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.StreamingViews;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamingViews} on Kafka Streams: every plan in one topology of one application, so the views
 * share one consumer group, one state directory and one set of source streams (a topic read by several
 * views is read once).
 *
 * <ul>
 *   <li>Event time is each record's CloudEvents {@code time} header ({@link EventTime}); the record
 *       timestamp of Sluice's topics stays the append time, so the broker's retention and timestamp
 *       bounds act on when an event arrived, never on an old or future event time.</li>
 *   <li>Reference tables are GlobalKTables, read to their end before processing starts, and joined on
 *       any field of a row.</li>
 *   <li>Aggregates live in RocksDB stores with changelog topics: key-value stores for running totals,
 *       window stores (retention in event time) for windows. Window changelogs keep their records
 *       ({@code retention.ms=-1}, compacted), since their timestamps are event times that may lie far
 *       in the past.</li>
 *   <li>Every change of a row goes to the plan's changes topic as a CloudEvent (binary mode) whose
 *       {@code time} is when the row changed; aggregate changes topics are compacted.</li>
 *   <li>Exactly-once processing (v2) by default, so a crash never counts an event twice.</li>
 * </ul>
 */
final class KafkaViews implements StreamingViews {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaViews.class);
    static final String ROW_TYPE = "sluice.view.row";

    /** A row on its way through the topology, with the event time of the event it came from. */
    record Timed(long time, Object row) {}

    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final JsonCodec json;
    private final Admin admin;
    private final String applicationId;
    private final KafkaStreams streams;
    private final Serde<Object> jsonSerde;
    private final Serde<Timed> timedSerde;

    KafkaViews(KafkaSettings settings, Topics topics, Admin admin, Path stateDir, List<Plan> plans, JsonCodec json,
               String applicationId, String processingGuarantee) {
        this.json = json;
        this.admin = admin;
        this.applicationId = applicationId;
        this.jsonSerde = Serdes.serdeFrom(jsonSerializer(), jsonDeserializer());
        this.timedSerde = Serdes.serdeFrom(
                (topic, t) -> t == null ? null : json.encode(List.of(t.time(), t.row() == null ? Map.of() : wrap(t.row()))),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    List<?> pair = (List<?>) json.decode(bytes);
                    return new Timed(((Number) pair.get(0)).longValue(), unwrap(pair.get(1)));
                });
        for (Plan plan : plans) {
            if (this.plans.putIfAbsent(plan.name(), plan) != null) {
                throw new IllegalArgumentException("two views are named '" + plan.name() + "'");
            }
        }
        for (Plan plan : plans) {
            plan.from().forEach(topics::ensure);
            plan.lookups().forEach(l -> topics.ensureCompacted(l.table()));
            if (plan.aggregates()) {
                topics.ensureCompacted(plan.changesTopic());
            } else {
                topics.ensure(plan.changesTopic());
            }
        }
        StreamsBuilder builder = new StreamsBuilder();
        Map<String, KStream<String, Input>> sources = new HashMap<>();
        Map<String, GlobalKTable<String, Object>> tables = new HashMap<>();
        for (Plan plan : plans) {
            build(builder, plan, sources, tables);
        }
        Properties p = settings.base();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(settings.replicationFactor()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, String.valueOf(10L * 1024 * 1024));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        p.put("processing.exception.handler.global.enabled", "true");
        // internal topics carry event times as timestamps, which may lie ahead of the broker's clock (a
        // simulation runs faster than real time) or far behind it
        p.put(StreamsConfig.topicPrefix("message.timestamp.after.max.ms"), String.valueOf(Long.MAX_VALUE));
        this.streams = new KafkaStreams(builder.build(), p);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("views stopped: {}", e.toString(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.start();
        LOG.info("{} views running in one Kafka Streams topology (application {})", plans.size(), applicationId);
    }

    private void build(StreamsBuilder builder, Plan plan, Map<String, KStream<String, Input>> sources,
                       Map<String, GlobalKTable<String, Object>> tables) {
        String name = plan.name();
        KStream<String, Input> in = null;
        for (String topic : plan.from()) {
            KStream<String, Input> source = sources.computeIfAbsent(topic, t -> builder
                    .stream(t, Consumed.with(Serdes.String(), Serdes.ByteArray()).withTimestampExtractor(new EventTime())
                            .withName("source-" + t))
                    .processValues(() -> new Decode(json), Named.as("decode-" + t)));
            in = in == null ? source : in.merge(source, Named.as(name + "-merge-" + topic));
        }
        KStream<String, Timed> rows = in.flatMapValues(input -> {
            List<Object> selected = plan.select().apply(input);
            List<Timed> out = new ArrayList<>(selected.size());
            selected.forEach(row -> out.add(new Timed(input.time(), row)));
            return out;
        }, Named.as(name + "-select"));
        int i = 0;
        for (Lookup lookup : plan.lookups()) {
            GlobalKTable<String, Object> table = tables.computeIfAbsent(lookup.table(), t -> builder.globalTable(t,
                    Consumed.with(Serdes.String(), jsonSerde).withName("table-source-" + t),
                    Materialized.<String, Object, KeyValueStore<Bytes, byte[]>>as("table-" + t)
                            .withKeySerde(Serdes.String()).withValueSerde(jsonSerde)));
            KeyValueMapper<String, Timed, String> keyOf = (key, row) -> lookup.keyOf().apply(row.row());
            ValueJoiner<Timed, Object, Timed> merge = (row, match) -> new Timed(row.time(),
                    lookup.merge().apply(row.row(), match));
            Named step = Named.as(name + "-join-" + i++);
            rows = lookup.inner() ? rows.join(table, keyOf, merge, step) : rows.leftJoin(table, keyOf, merge, step);
        }
        String store = store(name);
        if (!plan.aggregates()) {
            KStream<String, Object> out = rows.mapValues(t -> plan.output() == null ? t.row() : plan.output().apply(t.row()),
                    Named.as(name + "-output"));
            out.toTable(Named.as(name + "-table"), Materialized.<String, Object, KeyValueStore<Bytes, byte[]>>as(store)
                    .withKeySerde(Serdes.String()).withValueSerde(jsonSerde));
            out.map((key, row) -> KeyValue.pair(key, new Row(key, null, null, row)), Named.as(name + "-rows"))
                    .processValues(() -> new Change(json, name), Named.as(name + "-change"))
                    .to(plan.changesTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-changes"));
            return;
        }
        KGroupedStream<String, Timed> grouped = rows
                .flatMap((key, row) -> {
                    String group = plan.groupOf().apply(row.row());
                    return group == null ? List.<KeyValue<String, Timed>>of() : List.of(KeyValue.pair(group, row));
                }, Named.as(name + "-group-by"))
                .groupByKey(Grouped.with(name + "-group", Serdes.String(), timedSerde));
        Fold fold = plan.fold();
        if (plan.window() == null) {
            grouped.aggregate(fold::initial, (key, row, state) -> fold.add(state, row.row(), row.time()),
                            Named.as(name + "-aggregate"),
                            Materialized.<String, Object, KeyValueStore<Bytes, byte[]>>as(store)
                                    .withKeySerde(Serdes.String()).withValueSerde(jsonSerde))
                    .toStream(Named.as(name + "-updates"))
                    .map((key, state) -> KeyValue.pair(key, new Row(key, null, null, fold.result(state))),
                            Named.as(name + "-rows"))
                    .processValues(() -> new Change(json, name), Named.as(name + "-change"))
                    .to(plan.changesTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-changes"));
            return;
        }
        Windowing w = plan.window();
        grouped.windowedBy(TimeWindows.ofSizeAndGrace(w.size(), w.grace()).advanceBy(w.advance()))
                .aggregate(fold::initial, (key, row, state) -> fold.add(state, row.row(), row.time()),
                        Named.as(name + "-aggregate"),
                        Materialized.<String, Object, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String()).withValueSerde(jsonSerde)
                                .withRetention(w.retention())
                                .withLoggingEnabled(Map.of("retention.ms", "-1")))
                .toStream(Named.as(name + "-updates"))
                .map((Windowed<String> key, Object state) -> KeyValue.pair(key.key() + "@" + key.window().start(),
                        new Row(key.key(), key.window().start(), key.window().end(), fold.result(state))),
                        Named.as(name + "-rows"))
                .processValues(() -> new Change(json, name), Named.as(name + "-change"))
                .to(plan.changesTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-changes"));
    }

    private static String store(String view) {
        return "view-" + view;
    }

    @Override
    public List<Row> rows(String name, RowQuery query) {
        Plan plan = plans.get(name);
        if (plan == null) {
            throw new IllegalArgumentException("no view named '" + name + "'");
        }
        List<Row> rows = new ArrayList<>();
        try {
            if (plan.window() != null) {
                ReadOnlyWindowStore<String, Object> store = streams.store(StoreQueryParameters.fromNameAndType(
                        store(name), QueryableStoreTypes.windowStore()));
                Instant from = Instant.ofEpochMilli(query.from() == null ? 0 : query.from());
                Instant to = Instant.ofEpochMilli(query.to() == null ? Long.MAX_VALUE / 2 : query.to() - 1);
                try (KeyValueIterator<Windowed<String>, Object> all = query.key() == null ? store.fetchAll(from, to)
                        : store.fetch(query.key(), query.key(), from, to)) {
                    while (all.hasNext()) {
                        KeyValue<Windowed<String>, Object> kv = all.next();
                        Map<String, Object> columns = plan.fold().result(kv.value);
                        if (columns != null) {
                            rows.add(new Row(kv.key.key(), kv.key.window().start(), kv.key.window().end(), columns));
                        }
                    }
                }
                rows.sort(Comparator.comparing(Row::key).thenComparing(Row::windowStart));
            } else {
                ReadOnlyKeyValueStore<String, Object> store = streams.store(StoreQueryParameters.fromNameAndType(
                        store(name), QueryableStoreTypes.keyValueStore()));
                if (query.key() != null) {
                    Object value = store.get(query.key());
                    addRow(plan, rows, query.key(), value);
                } else {
                    try (KeyValueIterator<String, Object> all = store.all()) {
                        while (all.hasNext() && rows.size() < query.limit()) {
                            KeyValue<String, Object> kv = all.next();
                            addRow(plan, rows, kv.key, kv.value);
                        }
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new BrokerUnavailableException("view " + name + " is not queryable yet (views "
                    + streams.state() + ")", Duration.ofSeconds(1), e);
        }
        return rows.size() > query.limit() ? List.copyOf(rows.subList(0, query.limit())) : rows;
    }

    private static void addRow(Plan plan, List<Row> rows, String key, Object value) {
        if (value == null) {
            return;
        }
        Object columns = plan.aggregates() ? plan.fold().result(value) : value;
        if (columns != null) {
            rows.add(new Row(key, null, null, columns));
        }
    }

    @Override
    public String state() {
        return streams.state().name();
    }

    @Override
    public Status status() {
        KafkaStreams.State state = streams.state();
        Map<String, Long> lag = new TreeMap<>();
        try {
            Set<String> sources = new java.util.TreeSet<>();
            plans.values().forEach(p -> sources.addAll(p.from()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(sources).allTopicNames().get(2, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(ends).all()
                    .get(2, TimeUnit.SECONDS);
            latest.forEach((tp, info) -> {
                OffsetAndMetadata done = committed.get(tp);
                lag.merge(tp.topic(), Math.max(0, info.offset() - (done == null ? 0 : done.offset())), Long::sum);
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // lag unknown: the broker is away or the group has not committed yet
        }
        return new Status(state.name(), state == KafkaStreams.State.ERROR ? "the views' stream thread failed; see the log"
                : null, lag);
    }

    @Override
    public void close() {
        // leave the group, so that a restart (or another instance) takes the partitions over at once instead
        // of after the session timeout
        streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(10)));
    }

    // ---- serdes: JSON values of the codec; non-object rows travel wrapped so that null survives ----

    private Serializer<Object> jsonSerializer() {
        return (topic, value) -> value == null ? null : json.encode(value);
    }

    private Deserializer<Object> jsonDeserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return json.decode(bytes);
            } catch (IllegalArgumentException e) {
                LOG.warn("views: a value on {} is not JSON, read as null: {}", topic, e.getMessage());
                return null;
            }
        };
    }

    private static Object wrap(Object row) {
        return Map.of("r", row);
    }

    private static Object unwrap(Object wrapped) {
        return wrapped instanceof Map<?, ?> m ? m.get("r") : null;
    }

    /** Event time: the CloudEvents {@code time} header, else the record's timestamp. */
    static final class EventTime implements TimestampExtractor {
        @Override
        public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
            Header time = record.headers().lastHeader("ce_time");
            if (time != null) {
                try {
                    return java.time.OffsetDateTime.parse(new String(time.value(), StandardCharsets.UTF_8)).toInstant()
                            .toEpochMilli();
                } catch (DateTimeParseException e) {
                    // not an RFC 3339 time: fall back to the record's own
                }
            }
            return record.timestamp();
        }
    }

    /** A source record as a plan's input: the payload as JSON (null when it is not JSON). */
    private static final class Decode implements FixedKeyProcessor<String, byte[], Input> {
        private final JsonCodec json;
        private FixedKeyProcessorContext<String, Input> context;

        Decode(JsonCodec json) {
            this.json = json;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Input> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            if (record.value() == null) {
                return; // a tombstone is no event
            }
            Object data;
            try {
                data = json.decode(record.value());
            } catch (IllegalArgumentException e) {
                LOG.debug("views: skipped a record that is not JSON (key {})", record.key());
                return;
            }
            String topic = context.recordMetadata().map(m -> m.topic()).orElse(null);
            context.forward(record.withValue(new Input(topic, record.key(), record.timestamp(), data)));
        }
    }

    /** A row's change as a CloudEvent (binary mode): JSON of {@link Row#toJson()}, timestamped now. */
    private static final class Change implements FixedKeyProcessor<String, Row, byte[]> {
        private final JsonCodec json;
        private final String view;
        private FixedKeyProcessorContext<String, byte[]> context;

        Change(JsonCodec json, String view) {
            this.json = json;
            this.view = view;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, Row> record) {
            Row row = record.value();
            EventEnvelope event = new EventEnvelope(UUID.randomUUID().toString(), "/sluice/views/" + view, ROW_TYPE,
                    row.key(), Instant.ofEpochMilli(record.timestamp()), "application/json", record.key(), Map.of(),
                    json.encode(row.toJson()));
            org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            KafkaBinding.write(event, headers::add);
            context.forward(record.withValue(event.payload()).withHeaders(headers)
                    .withTimestamp(System.currentTimeMillis()));
        }
    }
}
