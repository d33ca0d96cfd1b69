package dev.sluice.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline of the views benchmark, in its own process: a Kafka Streams topology that copies its
 * source topics to one sink topic, bytes and headers as they are, with no state and no decoding:
 * {@code PassThrough <bootstrap> <application-id> <state-dir> <sink> <source>...}. It runs with the
 * stream settings Sluice's views run with (KafkaViews: one stream thread, exactly-once v2, commits
 * every 200 ms, a 10 MiB cache, reading from the earliest offset), so what it measures is the cost of
 * Kafka Streams itself on this machine and broker. Prints "pass-through running" once it processes.
 */
public final class PassThrough {

    private PassThrough() {}

    public static void main(String[] args) throws InterruptedException {
        String bootstrap = args[0];
        String applicationId = args[1];
        String stateDir = args[2];
        String sink = args[3];
        List<String> sources = Arrays.asList(args).subList(4, args.length);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(sources, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(sink, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, String.valueOf(10L * 1024 * 1024));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), p);
        streams.setStateListener((now, before) -> {
            System.out.println("pass-through " + before + " -> " + now);
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("pass-through running");
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close));
        streams.start();
        Thread.currentThread().join();
    }
}
