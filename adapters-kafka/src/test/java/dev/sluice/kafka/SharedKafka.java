package dev.sluice.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One embedded broker per test JVM, started on first use and stopped when the JVM exits. */
final class SharedKafka {

    private static EmbeddedKafka kafka;

    private SharedKafka() {}

    static synchronized EmbeddedKafka get() {
        if (kafka == null) {
            try {
                Path dir = Files.createTempDirectory("sluice-kafka-test");
                kafka = EmbeddedKafka.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kafka;
    }
}
