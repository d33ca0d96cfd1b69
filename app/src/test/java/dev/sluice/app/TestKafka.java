package dev.sluice.app;

import dev.sluice.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One real Kafka broker (embedded KRaft) per test JVM; tests isolate themselves by topic and group. */
final class TestKafka {

    private static EmbeddedKafka kafka;

    private TestKafka() {}

    static synchronized String bootstrapServers() {
        if (kafka == null) {
            try {
                kafka = EmbeddedKafka.start(Files.createTempDirectory("sluice-app-kafka"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka.bootstrapServers();
    }
}
