package dev.sluice.redis;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.out.DeadLetters;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Dead letters on Redis: stream {@code <prefix>sluice.dlq.<route>} with the event's fields plus
 * {@code dlq.reason}, {@code dlq.attempts}, {@code dlq.failedAt}; the id of the last replayed entry
 * is kept in the key {@code <prefix>sluice.dlq.<route>.replayed}.
 */
final class RedisDeadLetters implements DeadLetters {

    private final RedisEventLog log;
    private final StatefulRedisConnection<String, byte[]> connection;

    RedisDeadLetters(RedisEventLog log) {
        this.log = log;
        this.connection = log.connect("dead letters");
    }

    private String stream(String route) {
        return log.key("sluice.dlq." + route);
    }

    @Override
    public Position add(String route, EventEnvelope event, String reason, int attempts) {
        Map<String, byte[]> fields = StreamCodec.fields(event);
        fields.put("dlq.reason", StreamCodec.utf8(reason));
        fields.put("dlq.attempts", StreamCodec.utf8(String.valueOf(attempts)));
        fields.put("dlq.failedAt", StreamCodec.utf8(Instant.now().toString()));
        try {
            return new Position(connection.sync().xadd(stream(route), fields));
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("store dead letter of " + route, e);
        }
    }

    @Override
    public List<DeadLetter> pending(String route, int limit) {
        try {
            byte[] replayed = connection.sync().get(stream(route) + ".replayed");
            Range.Boundary<String> from = replayed == null ? Range.Boundary.unbounded()
                    : Range.Boundary.excluding(StreamCodec.text(replayed));
            List<StreamMessage<String, byte[]>> entries = connection.sync().xrange(stream(route),
                    Range.from(from, Range.Boundary.unbounded()), Limit.from(limit));
            return entries.stream().map(m -> new DeadLetter(StreamCodec.event(m.getId(), m.getBody()),
                    new Position(m.getId()),
                    StreamCodec.text(m.getBody().getOrDefault("dlq.reason", StreamCodec.utf8("unknown"))),
                    Integer.parseInt(StreamCodec.text(m.getBody().getOrDefault("dlq.attempts", StreamCodec.utf8("0")))),
                    m.getBody().containsKey("dlq.failedAt")
                            ? Instant.parse(StreamCodec.text(m.getBody().get("dlq.failedAt"))) : Instant.EPOCH))
                    .toList();
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("read dead letters of " + route, e);
        }
    }

    @Override
    public void acknowledge(String route, DeadLetter letter) {
        try {
            connection.sync().set(stream(route) + ".replayed", StreamCodec.utf8(letter.position().value()));
        } catch (RuntimeException e) {
            throw RedisEventLog.unavailable("acknowledge dead letter of " + route, e);
        }
    }

    void close() {
        connection.close();
    }
}
