package dev.sluice.redis;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.BrokerUnavailableException;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} on Redis Streams: a topic is the stream {@code <prefix><topic>}, a position and a
 * cursor are the entry id ({@code 1700000000000-0}), a consumer group is a Redis consumer group
 * whose entries are handed over in batches of up to the handler's {@code maxBatch()} of one
 * {@code XREADGROUP} and acknowledged ({@code XACK}) after the handler returned. Appends share one
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

    RedisEventLog(RedisClient client, String prefix) {
        this.client = client;
        this.prefix = prefix;
        this.appender = client.connect(StreamCodec.CODEC);
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
        StatefulRedisConnection<String, byte[]> connection = connect("consume " + topic);
        RedisCommands<String, byte[]> redis = connection.sync();
        try {
            redis.xgroupCreate(StreamOffset.from(key(topic), "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException exists) {
            // BUSYGROUP: the group was created before, keep its position
        }
        Consumer<String> me = Consumer.from(group, "sluice-" + UUID.randomUUID());
        AtomicBoolean closed = new AtomicBoolean();
        Thread worker = Thread.ofPlatform().name("sluice-group-" + group).daemon().start(() -> {
            try (connection) {
                // first what this group had read but not acknowledged (a crash before XACK), then new entries
                boolean backlog = true;
                int size = Math.max(1, handler.maxBatch());
                while (!closed.get()) {
                    List<StreamMessage<String, byte[]>> messages = redis.xreadgroup(me,
                            XReadArgs.Builder.block(BLOCK).count(BATCH),
                            StreamOffset.from(key(topic), backlog ? "0" : ">"));
                    if (backlog && messages.isEmpty()) {
                        backlog = false;
                        continue;
                    }
                    for (int from = 0; from < messages.size(); from += size) {
                        List<StreamMessage<String, byte[]>> batch = messages.subList(from,
                                Math.min(messages.size(), from + size));
                        try {
                            handler.handleBatch(batch.stream().map(m -> new LoggedEvent(
                                    StreamCodec.event(m.getId(), m.getBody()), new Position(m.getId()), m.getId())).toList());
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            LOG.warn("group {}: handling {} entries from {} failed, will retry: {}", group, batch.size(),
                                    batch.get(0).getId(), e.toString());
                            backlog = true; // re-read from the pending entries, this batch first
                            Thread.sleep(1000);
                            break;
                        }
                        redis.xack(key(topic), group, batch.stream().map(StreamMessage::getId).toArray(String[]::new));
                    }
                }
            } catch (InterruptedException e) {
                // closed
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    LOG.error("consumer group {} on {} stopped", group, topic, e);
                }
            }
        });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                worker.interrupt();
                try {
                    worker.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
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
        appender.close();
    }
}
