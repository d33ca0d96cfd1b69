package dev.sluice.redis;

import dev.sluice.cloudevents.CloudEventsCodec;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.out.Subscription;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LatestValues} in Redis hashes, fed from Sluice's log whatever the broker: the table of topic
 * {@code T} is the hash {@code <prefix>table:T} (field = key, value = the event as CloudEvents JSON)
 * and {@code <prefix>table:T:cursor} is where its reader stands. Each event and the cursor are written
 * in one MULTI/EXEC, so after a restart the reader resumes exactly where the hash stands.
 */
public final class RedisLatestValues implements LatestValues {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLatestValues.class);
    private static final EventFormat JSON = new JsonFormat();
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final EventLog log;
    private final RedisClient client;
    private final String prefix;
    private final Map<String, RedisTable> tables = new ConcurrentHashMap<>();

    public RedisLatestValues(EventLog log, RedisClient client, String prefix) {
        this.log = log;
        this.client = client;
        this.prefix = prefix;
    }

    /** Tables in the Redis at {@code uri}, fed from {@code log} (whatever broker carries it); closes its client. */
    public static LatestValues connect(EventLog log, String uri, String prefix) {
        RedisClient client = RedisClient.create(uri);
        RedisLatestValues tables = new RedisLatestValues(log, client, prefix);
        return new LatestValues() {
            @Override
            public Table table(String topic) {
                return tables.table(topic);
            }

            @Override
            public void close() {
                tables.close();
                client.shutdown();
            }
        };
    }

    @Override
    public Table table(String topic) {
        return tables.computeIfAbsent(topic, RedisTable::new);
    }

    private final class RedisTable implements Table {
        private final String hash;
        private final String cursorKey;
        private final StatefulRedisConnection<String, byte[]> writer;
        private final StatefulRedisConnection<String, byte[]> reader;
        private final Subscription feed;

        RedisTable(String topic) {
            this.hash = prefix + "table:" + topic;
            this.cursorKey = hash + ":cursor";
            this.writer = client.connect(CODEC);
            this.reader = client.connect(CODEC);
            byte[] cursor = reader.sync().get(cursorKey);
            StartAt start = cursor == null ? StartAt.earliest()
                    : StartAt.after(new String(cursor, StandardCharsets.UTF_8));
            this.feed = log.tail(topic, start, new EventLog.TailListener() {
                @Override
                public void onEvent(LoggedEvent logged) {
                    apply(logged);
                }

                @Override
                public void onError(Throwable error) {
                    LOG.warn("latest-value table of {} stopped reading: {}", topic, error.toString());
                }
            });
            LOG.info("latest-value table of {} in Redis hash {}", topic, hash);
        }

        private void apply(LoggedEvent logged) {
            EventEnvelope e = logged.event();
            if (e.key() == null) {
                return; // a table is keyed: an event without key has no row
            }
            RedisCommands<String, byte[]> c = writer.sync();
            c.multi();
            c.hset(hash, e.key(), JSON.serialize(CloudEventsCodec.toCloudEvent(e)));
            c.set(cursorKey, logged.cursor().getBytes(StandardCharsets.UTF_8));
            c.exec();
        }

        @Override
        public Optional<EventEnvelope> get(String key) {
            byte[] json = reader.sync().hget(hash, key);
            return json == null ? Optional.empty() : Optional.of(fromJson(key, json));
        }

        @Override
        public List<EventEnvelope> values() {
            Map<String, byte[]> all = new TreeMap<>(reader.sync().hgetall(hash));
            List<EventEnvelope> out = new ArrayList<>(all.size());
            all.forEach((k, v) -> out.add(fromJson(k, v)));
            return out;
        }

        @Override
        public boolean awaitValue(String key, String eventId, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<EventEnvelope> v = get(key);
                if (v.isPresent() && v.get().id().equals(eventId)) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
        }

        void close() {
            feed.close();
            writer.close();
            reader.close();
        }
    }

    private static EventEnvelope fromJson(String key, byte[] json) {
        return CloudEventsCodec.fromCloudEvent(JSON.deserialize(json), key, java.time.Instant.EPOCH);
    }

    @Override
    public void close() {
        tables.values().forEach(RedisTable::close);
        tables.clear();
    }
}
