package dev.sluice.redis;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.ClientStreams;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-client streams on Redis: stream {@code <prefix>client:<id>} (XADD with approximate MAXLEN),
 * registration key {@code <prefix>client:<id>:active} with a TTL, and the consumer group
 * {@value #GROUP} on each client stream. A new connection first claims (XAUTOCLAIM) what earlier
 * connections of the client read but never acknowledged, so nothing stays pending forever.
 */
public final class RedisClientStreams implements ClientStreams, AutoCloseable {

    static final String GROUP = "sluice";
    private static final Logger LOG = LoggerFactory.getLogger(RedisClientStreams.class);
    private static final Pattern STREAM_ID = Pattern.compile("\\d+-\\d+");
    private static final Duration BLOCK = Duration.ofMillis(300);

    private final RedisClient client;
    private final String prefix;
    private final long maxLength;
    private final boolean ownsClient;
    /** Connected on first use, so Sluice starts while Redis is down; Lettuce reconnects it after that. */
    private StatefulRedisConnection<String, byte[]> connection;

    /**
     * @param maxLength approximate bound of each client stream (XADD MAXLEN ~)
     */
    public RedisClientStreams(RedisClient client, String prefix, long maxLength) {
        this(client, prefix, maxLength, false);
    }

    private RedisClientStreams(RedisClient client, String prefix, long maxLength, boolean ownsClient) {
        this.ownsClient = ownsClient;
        this.client = client;
        this.prefix = prefix;
        this.maxLength = maxLength;
        try {
            commands();
        } catch (RuntimeException e) {
            LOG.warn("client streams: {}; they answer 503 until Redis is up", e.getMessage());
        }
    }

    /**
     * Uses the Redis at {@code uri}; closing the result also closes the connection pool. A Redis that is
     * down does not stop this: each use tries to connect until one succeeds.
     */
    public static RedisClientStreams connect(String uri, String prefix, long maxLength) {
        return new RedisClientStreams(RedisClient.create(uri), prefix, maxLength, true);
    }

    /** The shared connection, made on first use; a failure answers as Redis being unavailable. */
    private RedisCommands<String, byte[]> commands() {
        return connection().sync();
    }

    private synchronized StatefulRedisConnection<String, byte[]> connection() {
        if (connection == null) {
            try {
                connection = client.connect(StreamCodec.CODEC);
            } catch (RuntimeException e) {
                throw RedisEventLog.unavailable("connect to Redis", e);
            }
        }
        return connection;
    }

    String stream(String clientId) {
        return prefix + "client:" + clientId;
    }

    private String active(String clientId) {
        return stream(clientId) + ":active";
    }

    @Override
    public boolean isActive(String clientId) {
        try {
            return commands().exists(active(clientId)) > 0;
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("check client " + clientId, e);
        }
    }

    @Override
    public String append(String clientId, EventEnvelope event) {
        try {
            return commands().xadd(stream(clientId),
                    XAddArgs.Builder.maxlen(maxLength).approximateTrimming(), StreamCodec.fields(event));
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("append for client " + clientId, e);
        }
    }

    @Override
    public Reading open(String clientId, String lastEventId, Duration ttl, Reader reader) {
        if (lastEventId != null && !STREAM_ID.matcher(lastEventId.trim()).matches()) {
            throw new IllegalArgumentException("'" + lastEventId + "' is not an event id such as 1700000000000-0");
        }
        String stream = stream(clientId);
        try {
            RedisCommands<String, byte[]> sync = commands();
            // register first: from now on the forwarder appends this client's events
            sync.setex(active(clientId), Math.max(1, ttl.toSeconds()), StreamCodec.utf8("1"));
            try {
                sync.xgroupCreate(StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException exists) {
                // the group keeps what earlier connections acknowledged
            }
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("open the stream of client " + clientId, e);
        }
        Consumer<String> me = Consumer.from(GROUP, "conn-" + UUID.randomUUID());
        String skipUpTo = lastEventId == null ? null : lastEventId.trim();
        AtomicBoolean closed = new AtomicBoolean();
        StatefulRedisConnection<String, byte[]> connection;
        try {
            connection = client.connect(StreamCodec.CODEC);
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("open the stream of client " + clientId, e);
        }
        Thread.ofVirtual().name("sluice-client-" + clientId).start(() -> {
            try (connection) {
                RedisCommands<String, byte[]> redis = connection.sync();
                claimAbandoned(redis, stream, me);
                long refreshed = System.nanoTime();
                boolean backlog = true;
                while (!closed.get()) {
                    if (System.nanoTime() - refreshed > ttl.toNanos() / 3) {
                        redis.expire(active(clientId), Math.max(1, ttl.toSeconds()));
                        refreshed = System.nanoTime();
                    }
                    List<StreamMessage<String, byte[]>> messages = redis.xreadgroup(me,
                            XReadArgs.Builder.block(BLOCK).count(100), StreamOffset.from(stream, backlog ? "0" : ">"));
                    if (backlog && messages.isEmpty()) {
                        backlog = false;
                        continue;
                    }
                    for (StreamMessage<String, byte[]> m : messages) {
                        if (closed.get()) {
                            return;
                        }
                        if (skipUpTo != null && compare(m.getId(), skipUpTo) <= 0) {
                            redis.xack(stream, GROUP, m.getId()); // the client already has it
                            continue;
                        }
                        reader.onEvent(new LoggedEvent(StreamCodec.event(m.getId(), m.getBody()),
                                new Position(m.getId()), m.getId()));
                    }
                    if (backlog) {
                        backlog = false; // the pending ones were handed over; acks come from the writer
                    }
                }
            } catch (RuntimeException e) {
                if (!closed.get()) {
                    LOG.warn("stream of client {} stopped: {}", clientId, e.toString());
                    reader.onError(e);
                }
            }
        });
        return new Reading() {
            @Override
            public void acknowledge(String entryId) {
                try {
                    connection().async().xack(stream, GROUP, entryId);
                } catch (RuntimeException e) {
                    LOG.debug("ack of {} for client {} failed; it will be delivered again", entryId, clientId);
                }
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    /** Takes over entries that other (dead) connections of this client read but never acknowledged. */
    private static void claimAbandoned(RedisCommands<String, byte[]> redis, String stream, Consumer<String> me) {
        String cursor = "0-0";
        do {
            ClaimedMessages<String, byte[]> claimed = redis.xautoclaim(stream,
                    XAutoClaimArgs.Builder.xautoclaim(me, Duration.ZERO, cursor).count(100));
            cursor = claimed.getId();
        } while (!"0-0".equals(cursor));
    }

    /** Orders stream ids numerically ({@code ms-seq}). */
    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int byTime = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        if (ownsClient) {
            client.shutdown();
        }
    }
}
