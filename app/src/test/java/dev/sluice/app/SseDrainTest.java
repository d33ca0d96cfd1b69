package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.graceful.GracefulShutdownManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the server starts draining for a stop, every Server-Sent Events stream is finished (its last
 * chunk sent), the channel streams of the routes and the per-client streams of S5 alike, so an open
 * stream neither holds the stop for the grace period nor is cut off at its end.
 */
class SseDrainTest {

    @Test
    void bothKindsOfStreamEndCleanlyWhenTheDrainBegins() throws Exception {
        String topic = TestSluice.unique("drain");
        String client = TestSluice.unique("client");
        try (TestSluice sluice = TestSluice.start(topic, Map.of(
                "sluice.routes.watch.from", topic,
                "sluice.routes.watch.to", "sse",
                "sluice.clients.enabled", "true",
                "sluice.clients.auth-enabled", "false",
                "sluice.clients.topic", TestSluice.unique("clients"),
                "sluice.clients.redis-uri", TestRedis.uri(),
                "sluice.clients.key-prefix", TestRedis.prefix()));
             SseClient channel = SseClient.connect(sluice.uri("/watch/stream"), null);
             SseClient perClient = SseClient.connect(sluice.uri("/api/clients/" + client + "/events"), null)) {
            sluice.server.getApplicationContext().getBean(GracefulShutdownManager.class).shutdownGracefully();

            assertEquals("ended", awaitEnd(channel), "the route's channel stream");
            assertEquals("ended", awaitEnd(perClient), "the client's stream");
        }
    }

    /** How the stream ended, once it did (30 s at most). */
    private static String awaitEnd(SseClient stream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stream.end() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return stream.end();
    }
}
