package dev.sluice.app;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;

/**
 * The real Redis for the S1 tests on Redis Streams ({@code REDIS_URI}, default 127.0.0.1:6379): one
 * key prefix per test JVM, whose keys are deleted when the JVM exits.
 */
final class TestRedis {

    private static final String URI = System.getenv().getOrDefault("REDIS_URI", "redis://127.0.0.1:6379");
    private static String prefix;

    private TestRedis() {}

    static String uri() {
        return URI;
    }

    static synchronized String prefix() {
        if (prefix == null) {
            prefix = "sluice-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
            String doomed = prefix;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteKeys(doomed)));
        }
        return prefix;
    }

    private static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanIterator<String> keys = ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(prefix + "*"));
            while (keys.hasNext()) {
                c.sync().del(keys.next());
            }
        } finally {
            client.shutdown();
        }
    }
}
