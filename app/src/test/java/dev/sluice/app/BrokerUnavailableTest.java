package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker that is down gives 503 with Retry-After, never a silent 2xx. */
class BrokerUnavailableTest {

    @Test
    void postingWhileTheBrokerIsStoppedAnswers503() throws Exception {
        // a broker of its own: stopping the shared one would break the other tests
        EmbeddedKafka kafka = EmbeddedKafka.start(Files.createTempDirectory("sluice-stopped"), 0);
        String topic = TestSluice.unique("down");
        Map<String, Object> props = TestSluice.baseProperties(topic);
        props.put("sluice.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("sluice.kafka.ack-timeout", "2s");
        try (TestSluice sluice = TestSluice.startExactly(props)) {
            assertEquals(200, sluice.postJson("{\"itemId\":\"up\",\"name\":\"n\"}").statusCode());
            assertEquals(200, sluice.get("/health").statusCode());
            kafka.close();

            var response = sluice.postJson("{\"itemId\":\"down\",\"name\":\"n\"}");
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Retry-After").isPresent());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
            assertTrue(response.body().contains("broker-unavailable"), response.body());

            var health = sluice.get("/health");
            assertEquals(503, health.statusCode(), "health reports the broker down: " + health.body());
        }
    }
}
