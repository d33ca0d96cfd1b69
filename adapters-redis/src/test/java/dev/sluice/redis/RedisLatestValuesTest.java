package dev.sluice.redis;

import dev.sluice.ports.contract.LatestValuesContract;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.spi.BrokerPlugin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The latest-value table contract with Redis hashes, fed from Redis Streams as the log, on the real
 * Redis; every key under a prefix of its own that is deleted afterwards.
 */
class RedisLatestValuesTest extends LatestValuesContract {

    static final String PREFIX = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static BrokerPlugin.Broker broker;
    private static RedisClient client;
    private static LatestValues tables;

    @BeforeAll
    static void connect() {
        broker = new RedisBrokerPlugin().start(Map.of("uri", RedisEventLogTest.URI, "key-prefix", PREFIX));
        client = RedisClient.create(RedisEventLogTest.URI);
        tables = new RedisLatestValues(broker.eventLog(), client, PREFIX);
    }

    @AfterAll
    static void cleanUp() {
        tables.close();
        broker.close();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(PREFIX + "*"));
            while (keys.hasNext()) {
                c.sync().del(keys.next());
            }
        }
        client.shutdown();
    }

    @Override
    protected EventLog log() {
        return broker.eventLog();
    }

    @Override
    protected LatestValues tables() {
        return tables;
    }

    @Override
    protected LatestValues reopen() {
        tables.close();
        tables = new RedisLatestValues(broker.eventLog(), client, PREFIX);
        return tables;
    }
}
