package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up choices: the broker by name, plugins by name, and the embedded default. */
class StartupTest {

    private static String failureOf(Map<String, Object> props) {
        Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.run(EmbeddedServer.class, props, "test"));
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void anUnknownBrokerFailsStartupListingTheValidOnes() {
        Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("x"));
        props.put("sluice.broker", "carrier-pigeon");
        String message = failureOf(props);
        assertTrue(message.contains("Unknown broker 'carrier-pigeon'"), message);
        assertTrue(message.contains("embedded, kafka"), message);
    }

    @Test
    void anUnknownProcessorOrSinkFailsStartupNamingTheRoute() {
        Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("x"));
        props.put("sluice.routes.bad.from", "t");
        props.put("sluice.routes.bad.pipeline[0].teleport", "now");
        String message = failureOf(props);
        assertTrue(message.contains("Unknown processor 'teleport' in route 'bad'"), message);
        assertTrue(message.contains("filter"), message);

        Map<String, Object> sink = TestSluice.baseProperties(TestSluice.unique("x"));
        sink.put("sluice.routes.bad.from", "t");
        sink.put("sluice.routes.bad.to", "fax");
        String sinkMessage = failureOf(sink);
        assertTrue(sinkMessage.contains("Unknown sink 'fax' in route 'bad'"), sinkMessage);
        assertTrue(sinkMessage.contains("sse, webhook"), sinkMessage);
    }

    @Test
    void aBadExpressionFailsStartup() {
        Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("x"));
        props.put("sluice.routes.bad.from", "t");
        props.put("sluice.routes.bad.pipeline[0].filter", "$lowercase(category = ");
        String message = failureOf(props);
        assertTrue(message.contains("route 'bad'"), message);
    }

    @Test
    void aConcurrencyOutOfRangeOrNotANumberFailsStartupNamingTheRouteAndTheKey() {
        for (String bad : new String[] {"0", "eight"}) {
            Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("x"));
            props.put("sluice.routes.bad.from", "t");
            props.put("sluice.routes.bad.group", "g");
            props.put("sluice.routes.bad.to", "webhook");
            props.put("sluice.routes.bad.options.url", "http://127.0.0.1:9/erp");
            props.put("sluice.routes.bad.concurrency", bad);
            String message = failureOf(props);
            assertTrue(message.contains("route 'bad' (sluice.routes.bad)"), message);
            assertTrue(message.contains(bad.equals("0") ? "'concurrency' must be between 1 and 1000, was 0"
                    : "'concurrency' must be a whole number, was 'eight'"), message);
        }
    }

    @Test
    void theEmbeddedDefaultRunsARealKafkaInProcessAndKeepsItsData() throws Exception {
        Path data = Files.createTempDirectory("sluice-embedded");
        String topic = TestSluice.unique("emb");
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("sluice.embedded.data-dir", data.toString());
        props.put("sluice.embedded.port", 0);
        props.put("sluice.ingest.topic", topic);
        props.put("sluice.routes.all.from", topic);
        try (TestSluice sluice = TestSluice.startExactly(props)) {
            var response = sluice.postJson("{\"itemId\":\"e1\",\"name\":\"n\"}");
            assertEquals(200, response.statusCode(), response.body());
        }
        assertTrue(Files.exists(data.resolve("kafka/log/meta.properties")), "data stays under the data dir");
        try (TestSluice again = TestSluice.startExactly(props);
             SseClient replay = SseClient.connect(again.uri("/all/stream?from=earliest"), null)) {
            assertEquals("e1", MasterDataStreamsTest.field(replay.await(1).get(0).data(), "itemId"),
                    "what was acknowledged survives a restart");
        }
    }
}
