package dev.sluice.redis;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} on Redis Streams: a topic is the stream {@code <prefix><topic>}, a position and a
 * cursor are the entry id ({@code 1700000000000-0}), a consumer group is a Redis consumer group
 * whose entries are handed over in batches of up to the handler's {@code maxBatch()} of one
 * {@code XREADGROUP} and acknowledged ({@code XACK}) after the handler returned (see
 * {@link RedisGroupConsumer} for outages, restarts and consumers that died). Appends share one
 * pipelined connection; every tail and group has a connection of its own, because blocking reads
 * hold their connection.
 */
final class RedisEventLog implements EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventLog.class);
    private static final Pattern STREAM_ID = Pattern.compile("\\d+-\\d+");
    private static final Duration BLOCK = Duration.ofMillis(300);
    private static final int BATCH = 200;

    private final RedisClient client;
    private final String prefix;
    private final StatefulRedisConnection<String, byte[]> appender;
    private final String consumerName;
    private final Duration claimIdle;
    private final Set<RedisGroupConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sluice-redis-keeper").daemon().factory());

    /**
     * @param consumerName this instance's name in every consumer group: stable across restarts, so that a
     *                     restart first gets what it had been handed; distinct per running instance
     * @param claimIdle    how long an entry handed to a consumer may go untouched before another consumer
     *                     of its group takes it over
     */
    RedisEventLog(RedisClient client, String prefix, String consumerName, Duration claimIdle) {
        this.client = client;
        this.prefix = prefix;
        this.consumerName = consumerName;
        this.claimIdle = claimIdle;
        this.appender = client.connect(StreamCodec.CODEC);
        long every = Math.max(100, claimIdle.toMillis() / 3);
        keeper.scheduleWithFixedDelay(() -> {
            try {
                keepInFlightEntries();
            } catch (RuntimeException e) {
                LOG.debug("could not refresh in-flight entries: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    String key(String topic) {
        return prefix + topic;
    }

    @Override
    public CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
        List<CompletableFuture<String>> sent = new ArrayList<>(events.size());
        try {
            for (EventEnvelope event : events) {
                RedisFuture<String> id = appender.async().xadd(key(topic), StreamCodec.fields(event));
                sent.add(id.toCompletableFuture());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("append to " + topic, e));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((ok, error) -> {
            if (error != null) {
                throw unavailable("append to " + topic, error.getCause() != null ? error.getCause() : error);
            }
            return sent.stream().map(f -> new Position(f.join())).toList();
        });
    }

    @Override
    public Subscription tail(String topic, StartAt start, TailListener listener) {
        String first = switch (start) {
            case StartAt.Earliest e -> "0-0";
            case StartAt.After a -> {
                if (!STREAM_ID.matcher(a.cursor().trim()).matches()) {
                    throw new IllegalArgumentException("'" + a.cursor() + "' is not a stream id such as 1700000000000-0");
                }
                yield a.cursor().trim();
            }
            case StartAt.Latest l -> latestId(topic);
        };
        StatefulRedisConnection<String, byte[]> connection = connect("read " + topic);
        AtomicBoolean closed = new AtomicBoolean();
        Thread.ofVirtual().name("sluice-tail-" + topic).start(() -> {
            String last = first;
            try (connection) {
                RedisCommands<String, byte[]> redis = connection.sync();
                while (!closed.get()) {
                    List<StreamMessage<String, byte[]>> messages = redis.xread(
                            XReadArgs.Builder.block(BLOCK).count(BATCH), StreamOffset.from(key(topic), last));
                    for (StreamMessage<String, byte[]> m : messages) {
                        if (closed.get()) {
                            return;
                        }
                        last = m.getId();
                        listener.onEvent(new LoggedEvent(StreamCodec.event(m.getId(), m.getBody()),
                                new Position(m.getId()), m.getId()));
                    }
                }
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    LOG.warn("tail of {} stopped: {}", topic, e.toString());
                    listener.onError(e);
                }
            }
        });
        return () -> closed.set(true);
    }

    private String latestId(String topic) {
        try (StatefulRedisConnection<String, byte[]> c = connect("read " + topic)) {
            List<StreamMessage<String, byte[]>> last = c.sync().xrevrange(key(topic), Range.create("-", "+"),
                    Limit.from(1));
            return last.isEmpty() ? "0-0" : last.get(0).getId();
        } catch (RuntimeException e) {
            throw unavailable("read " + topic, e);
        }
    }

    @Override
    public Subscription consume(String topic, String group, GroupHandler handler) {
        try (StatefulRedisConnection<String, byte[]> c = connect("consume " + topic)) {
            RedisGroupConsumer.ensureGroup(c.sync(), key(topic), group); // before traffic, as a route's group is
        } catch (RuntimeException e) {
            throw unavailable("consume " + topic, e);
        }
        RedisGroupConsumer consumer = new RedisGroupConsumer(this, key(topic), group, consumerName, handler, claimIdle);
        consumers.add(consumer);
        Thread worker = Thread.ofPlatform().name("sluice-group-" + group).daemon().start(consumer);
        return () -> {
            if (consumer.closed.compareAndSet(false, true)) {
                worker.interrupt();
                try {
                    worker.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                consumers.remove(consumer);
            }
        };
    }

    /**
     * Refreshes the idle time of every entry a consumer works on ({@code XCLAIM ... JUSTID} to itself),
     * so that other consumers take over only what a consumer that stopped answering was handed.
     */
    private void keepInFlightEntries() {
        for (RedisGroupConsumer c : consumers) {
            String[] ids = c.inFlight;
            if (ids.length > 0) {
                appender.async().xclaim(c.stream(), c.me(), XClaimArgs.Builder.justid(), ids);
            }
        }
    }

    /** A reply such as XINFO's, a flat list of names and values, as a map. */
    static Map<String, Object> pairs(Object reply) {
        Map<String, Object> out = new HashMap<>();
        if (reply instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                out.put(String.valueOf(list.get(i)), list.get(i + 1));
            }
        }
        return out;
    }

    StatefulRedisConnection<String, byte[]> connect(String what) {
        try {
            return client.connect(StreamCodec.CODEC);
        } catch (RuntimeException e) {
            throw unavailable(what, e);
        }
    }

    static BrokerUnavailableException unavailable(String what, Throwable cause) {
        return new BrokerUnavailableException(what + ": Redis did not answer (" + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + ")", Duration.ofSeconds(5), cause);
    }

    void close() {
        keeper.shutdownNow();
        appender.close();
    }
}
