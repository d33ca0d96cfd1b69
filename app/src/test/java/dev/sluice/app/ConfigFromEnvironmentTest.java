package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 7, "Configuration from the environment": Sluice in a JVM of its own, configured only by
 * real environment variables, as a container would be. The broker's settings ({@code sluice.<broker>.*},
 * handed to the broker plugin as a flat map) and Kafka client properties ({@code client.*}) must arrive
 * under the names the plugins read, like the settings Micronaut binds itself ({@code sluice.ingest.*}).
 */
class ConfigFromEnvironmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCER = "/streams-master-data/producer";

    /** Without the demo environment: no demo routes, only what the test sets. */
    private static final Map<String, String> NO_DEMO = Map.of("MICRONAUT_ENVIRONMENTS", "env-test");

    @Test
    void redisBrokerItsKeyPrefixAndTheIngestSettingsComeFromTheEnvironment() throws Exception {
        String prefix = TestSluice.unique("sluice-env") + ":";
        String topic = TestSluice.unique("env-items");
        Map<String, String> env = new java.util.HashMap<>(NO_DEMO);
        env.put("SLUICE_BROKER", "redis");
        env.put("REDIS_URI", TestRedis.uri());
        env.put("SLUICE_REDIS_KEY_PREFIX", prefix);
        env.put("SLUICE_INGEST_TOPIC", topic);
        env.put("SLUICE_INGEST_MAX_BATCH", "2");
        env.put("SLUICE_INGEST_MAX_BODY_SIZE", "1KB");
        SluiceProcess sluice = SluiceProcess.classpath(Files.createTempDirectory("sluice-env"), SluiceProcess.freePort(), env);
        RedisClient redis = RedisClient.create(TestRedis.uri());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            RedisCommands<String, String> keys = connection.sync();
            try {
                sluice.awaitHealthy();

                var tooMany = sluice.postJson(PRODUCER, GracefulShutdownIT.batch(List.of("e1", "e2", "e3")));
                assertEquals(400, tooMany.statusCode(), "SLUICE_INGEST_MAX_BATCH=2 refuses 3 items: " + tooMany.body());

                var tooLarge = sluice.postJson(PRODUCER, "{\"itemId\":\"e0\",\"name\":\"" + "n".repeat(2000) + "\"}");
                assertEquals(413, tooLarge.statusCode(), "SLUICE_INGEST_MAX_BODY_SIZE=1KB refuses 2 KB");

                var accepted = sluice.postJson(PRODUCER, GracefulShutdownIT.batch(List.of("e1", "e2")));
                assertEquals(200, accepted.statusCode(), accepted.body());
                assertEquals(topic, JSON.readTree(accepted.body()).get("topic").asText(), "SLUICE_INGEST_TOPIC");
                assertEquals(1, keys.exists(prefix + topic), "SLUICE_BROKER=redis wrote the stream, under"
                        + " SLUICE_REDIS_KEY_PREFIX; keys of the topic: " + keysOf(keys, "*" + topic));
                assertEquals(0, keys.exists(topic), "nothing was written without the prefix");
            } finally {
                sluice.stop();
                for (String key : keysOf(keys, prefix + "*")) {
                    keys.del(key);
                }
                keys.del(topic); // where it went while the prefix was ignored
            }
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void embeddedKafkaPartitionsAndAKafkaClientPropertyComeFromTheEnvironment() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(NO_DEMO);
        env.put("SLUICE_EMBEDDED_PARTITIONS", "3");
        // client.max.request.size for the producer: a record over 4 KiB is refused before it is sent
        env.put("SLUICE_EMBEDDED_CLIENT_MAX_REQUEST_SIZE", "4096");
        SluiceProcess sluice = SluiceProcess.classpath(Files.createTempDirectory("sluice-env"), SluiceProcess.freePort(), env);
        try {
            sluice.awaitHealthy();

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add("item-" + i);
            }
            var accepted = sluice.postJson(PRODUCER, GracefulShutdownIT.batch(ids));
            assertEquals(200, accepted.statusCode(), accepted.body());
            Set<String> partitions = new HashSet<>();
            for (JsonNode item : JSON.readTree(accepted.body()).get("items")) {
                partitions.add(item.get("position").asText().split(":")[0]);
            }
            assertTrue(partitions.size() > 1, "SLUICE_EMBEDDED_PARTITIONS=3 spreads 12 keys over partitions, got "
                    + partitions);

            // valid (each text field at most 4 000 characters), but a record of some 8 KB
            String large = "{\"itemId\":\"large\",\"name\":\"" + "n".repeat(4000) + "\",\"description\":\""
                    + "d".repeat(4000) + "\"}";
            var refused = sluice.postJson(PRODUCER, large);
            assertEquals(503, refused.statusCode(), "SLUICE_EMBEDDED_CLIENT_MAX_REQUEST_SIZE=4096 reaches the producer"
                    + " as max.request.size: " + refused.body());
        } finally {
            sluice.stop();
        }
    }

    private static List<String> keysOf(RedisCommands<String, String> redis, String pattern) {
        List<String> out = new ArrayList<>();
        ScanIterator<String> keys = ScanIterator.scan(redis, ScanArgs.Builder.matches(pattern));
        while (keys.hasNext()) {
            out.add(keys.next());
        }
        return out;
    }
}
