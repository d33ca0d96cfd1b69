package dev.sluice.redis;

import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.EventLog.GroupHandler;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one member of a Redis consumer group. It never ends by itself: a Redis error (timeout,
 * connection reset, a group lost with a Redis restart) is reported to the handler once per outage and
 * retried with backoff. Its consumer name is stable (the instance's), so a restart first re-reads the
 * entries it had been handed but not acknowledged; entries of a consumer that stopped answering (a
 * process killed, or gone for good) are taken over with {@code XAUTOCLAIM} once idle for
 * {@code claimIdle}, and such consumers are removed from the group once they hold nothing. While this
 * consumer handles entries, {@link RedisEventLog} keeps them from looking idle ({@link #inFlight}).
 *
 * @see <a href="https://redis.io/docs/latest/develop/data-types/streams/#claiming-and-the-delivery-counter">Redis
 *      Streams: claiming and the delivery counter</a>
 */
final class RedisGroupConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisGroupConsumer.class);
    private static final Duration BLOCK = Duration.ofMillis(300);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration HANDLER_FAILURE_PAUSE = Duration.ofSeconds(1);
    private static final int READ = 200;

    private final RedisEventLog log;
    private final String stream;
    private final String group;
    private final Consumer<String> me;
    private final GroupHandler handler;
    private final Duration claimIdle;
    final AtomicBoolean closed = new AtomicBoolean();
    /** Ids handed over and not yet acknowledged; read by the keeper that refreshes their idle time. */
    volatile String[] inFlight = new String[0];

    RedisGroupConsumer(RedisEventLog log, String stream, String group, String consumerName, GroupHandler handler,
                       Duration claimIdle) {
        this.log = log;
        this.stream = stream;
        this.group = group;
        this.me = Consumer.from(group, consumerName);
        this.handler = handler;
        this.claimIdle = claimIdle;
    }

    String stream() {
        return stream;
    }

    Consumer<String> me() {
        return me;
    }

    /** Creates the group (reading from the stream's start) unless it exists; run again after a Redis restart. */
    static void ensureGroup(RedisCommands<String, byte[]> redis, String stream, String group) {
        try {
            redis.xgroupCreate(StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException exists) {
            // BUSYGROUP: the group was created before, keep its position
        }
    }

    @Override
    public void run() {
        StatefulRedisConnection<String, byte[]> connection = null;
        Duration backoff = FIRST_BACKOFF;
        boolean waiting = false;
        long nextClaim = 0;
        boolean backlog = true; // first what this consumer was handed before and did not acknowledge
        boolean needGroup = true;
        try {
            while (!closed.get()) {
                try {
                    if (connection == null) {
                        connection = log.connect("consume " + stream);
                    }
                    RedisCommands<String, byte[]> redis = connection.sync();
                    if (needGroup) {
                        ensureGroup(redis, stream, group);
                        needGroup = false;
                    }
                    if (System.nanoTime() - nextClaim >= 0) {
                        takeOverFromStoppedConsumers(redis);
                        nextClaim = System.nanoTime() + claimIdle.toNanos() / 2;
                    }
                    List<StreamMessage<String, byte[]>> messages = redis.xreadgroup(me,
                            XReadArgs.Builder.block(BLOCK).count(READ), StreamOffset.from(stream, backlog ? "0" : ">"));
                    if (waiting) {
                        waiting = false;
                        backoff = FIRST_BACKOFF;
                        LOG.info("group {} on {}: Redis answers again, reading", group, stream);
                        handler.resumed();
                    }
                    if (backlog && messages.isEmpty()) {
                        backlog = false;
                        continue;
                    }
                    if (!handle(redis, messages)) {
                        backlog = true; // the handler failed: its batch comes again first, from the pending entries
                    }
                } catch (RedisCommandInterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    if (!waiting) {
                        waiting = true;
                        String reason = "Redis: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                        LOG.warn("group {} on {}: {}; retrying until Redis answers", group, stream, reason);
                        handler.waiting(reason);
                    }
                    backlog = true; // an acknowledgement may have been lost: read our pending entries again
                    needGroup = true; // a Redis restarted without persistence has lost the group
                    Thread.sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            // closed while pausing
        } finally {
            inFlight = new String[0];
            if (connection != null) {
                connection.close();
            }
        }
    }

    /**
     * Hands {@code messages} over in batches of the handler's size, acknowledging each batch after it
     * returned; false when the handler threw (the rest stays pending and is read again).
     */
    private boolean handle(RedisCommands<String, byte[]> redis, List<StreamMessage<String, byte[]>> messages)
            throws InterruptedException {
        if (messages.isEmpty()) {
            return true;
        }
        inFlight = messages.stream().map(StreamMessage::getId).toArray(String[]::new);
        int size = Math.max(1, handler.maxBatch());
        try {
            for (int from = 0; from < messages.size(); from += size) {
                List<StreamMessage<String, byte[]>> batch = messages.subList(from, Math.min(messages.size(), from + size));
                try {
                    handler.handleBatch(batch.stream().map(m -> new LoggedEvent(
                            StreamCodec.event(m.getId(), m.getBody()), new Position(m.getId()), m.getId())).toList());
                } catch (RuntimeException e) {
                    LOG.warn("group {}: handling {} entries from {} failed, will retry: {}", group, batch.size(),
                            batch.get(0).getId(), e.toString());
                    Thread.sleep(HANDLER_FAILURE_PAUSE);
                    return false;
                }
                redis.xack(stream, group, batch.stream().map(StreamMessage::getId).toArray(String[]::new));
            }
            return true;
        } finally {
            inFlight = new String[0];
        }
    }

    /**
     * Takes over what consumers that stopped answering were handed (idle longer than {@code claimIdle}:
     * a live consumer refreshes its entries while it works on them), handles it, and removes such
     * consumers from the group once they hold nothing.
     */
    private void takeOverFromStoppedConsumers(RedisCommands<String, byte[]> redis) throws InterruptedException {
        String start = "0-0";
        do {
            ClaimedMessages<String, byte[]> claimed = redis.xautoclaim(stream,
                    XAutoClaimArgs.Builder.xautoclaim(me, claimIdle, start).count(READ));
            List<StreamMessage<String, byte[]>> messages = claimed.getMessages();
            if (!messages.isEmpty()) {
                LOG.info("group {} on {}: took over {} entries that a stopped consumer had not acknowledged", group,
                        stream, messages.size());
                if (!handle(redis, messages)) {
                    return; // they are ours now: read again with our pending entries
                }
            }
            start = claimed.getId();
        } while (!"0-0".equals(start) && !closed.get());
        for (Object info : redis.xinfoConsumers(stream, group)) {
            Map<String, Object> consumer = RedisEventLog.pairs(info);
            String name = String.valueOf(consumer.get("name"));
            long pending = ((Number) consumer.getOrDefault("pending", 0L)).longValue();
            long idle = ((Number) consumer.getOrDefault("idle", 0L)).longValue();
            if (!name.equals(me.getName()) && pending == 0 && idle > claimIdle.toMillis()) {
                redis.xgroupDelconsumer(stream, Consumer.from(group, name));
                LOG.info("group {} on {}: removed consumer {}, idle for {} s with nothing pending", group, stream,
                        name, idle / 1000);
            }
        }
    }
}
