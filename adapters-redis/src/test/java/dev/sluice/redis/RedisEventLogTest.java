package dev.sluice.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.ports.contract.EventLogContract;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.BrokerPlugin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event-log contract on the real Redis at {@code REDIS_URI} (default 127.0.0.1:6379), every key
 * under a prefix of its own that is deleted afterwards.
 */
class RedisEventLogTest extends EventLogContract {

    static final String URI = System.getenv().getOrDefault("REDIS_URI", "redis://127.0.0.1:6379");
    static final String PREFIX = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static BrokerPlugin.Broker broker;
    private static BrokerPlugin.Broker other;

    @BeforeAll
    static void connect() {
        broker = new RedisBrokerPlugin().start(Map.of("uri", URI, "key-prefix", PREFIX, "claim-idle", "1s"));
        other = new RedisBrokerPlugin().start(Map.of("uri", URI, "key-prefix", PREFIX, "claim-idle", "1s",
                "consumer-name", "another-instance"));
    }

    @AfterAll
    static void cleanUp() {
        broker.close();
        other.close();
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(PREFIX + "*"));
            while (keys.hasNext()) {
                c.sync().del(keys.next());
            }
        } finally {
            client.shutdown();
        }
    }

    @Override
    protected EventLog log() {
        return broker.eventLog();
    }

    @Override
    protected DeadLetters deadLetters() {
        return broker.deadLetters();
    }

    @Override
    protected EventLog anotherInstance() {
        return other.eventLog();
    }

    @Test
    void aNewGroupStartsAtTheBeginningOfTheTopic() throws Exception {
        assertANewGroupStartsAtTheBeginning();
    }

    @Test
    void aFailedBatchIsHandedAgainWhole() throws Exception {
        assertAFailedBatchIsHandedAgainWhole((topic, group) -> { });
    }

    @Test
    void aMalformedCursorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> log().tail(unique("bad"), StartAt.after("0:15"), e -> {}));
    }
}
