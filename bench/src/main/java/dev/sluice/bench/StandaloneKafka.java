package dev.sluice.bench;

import dev.sluice.kafka.EmbeddedKafka;
import java.nio.file.Path;

/**
 * A single-node KRaft Kafka broker in its own process: {@code StandaloneKafka <data-dir> <port>}. The
 * benchmarks run Sluice against it (SLUICE_BROKER=kafka), so the raw-producer baseline and Sluice use
 * the same broker and Sluice's heap and CPU are its own.
 */
public final class StandaloneKafka {

    private StandaloneKafka() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println("kafka ready at " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
