package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    static final String RUN = """
            {"run":{"mode":"full","startedAt":"20261128-220000"},"figures":[
             {"benchmark":"sse-fanout-50000","metric":"clients","sluice":"NaN","baseline":"","baselineValue":"NaN","note":"skipped"},
             {"benchmark":"sse-fanout-10000","metric":"p99 ms","sluice":95.5,"baseline":"1 client, same rate","baselineValue":20.0},
             {"benchmark":"sse-fanout-1000","metric":"p99 ms","sluice":40.0,"baseline":"1 client, same rate","baselineValue":20.0},
             {"benchmark":"sse-fanout-1000","metric":"deliveries/s","sluice":5000,"baseline":"offered","baselineValue":5000},
             {"benchmark":"ingest-batch-100","metric":"records/s","sluice":90000,"baseline":"raw producer","baselineValue":100000},
             {"benchmark":"webhook-50ms-c64","metric":"deliveries/s","sluice":1100,"baseline":"direct","baselineValue":1200},
             {"benchmark":"e2e-latency","metric":"p99 ms","sluice":9.0,"baseline":"kafka","baselineValue":6.0}]}
            """;

    @Test
    void readsTheFiguresOfARunAndItsFanOutByClientCount(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("full-20261128-220000.json");
        Files.writeString(json, RUN);
        Charts.RunFigures run = Charts.read(json);
        assertEquals("full-20261128-220000", run.name());
        assertEquals(List.of(1000, 10_000), List.copyOf(run.fanout("p99 ms").keySet()), "ascending; the skipped one left out");
        assertEquals(95.5, run.fanout("p99 ms").get(10_000).sluice());
        assertEquals(0.9, run.find("ingest-batch-100", "records/s").ratio(), 1e-9);
        assertNull(run.find("ingest-single", "requests/s"), "not in this run");
    }

    @Test
    void writesAPngPerChartTheRunHasDataFor(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, RUN);
        List<Path> written = Charts.write(Charts.read(json), dir, "r-");
        assertEquals(List.of("r-sse-fanout-latency.png", "r-sse-fanout-throughput.png", "r-throughput-ratios.png",
                "r-latency-percentiles.png"), written.stream().map(p -> p.getFileName().toString()).toList());
        for (Path png : written) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, png.toString());
        }

        Files.writeString(json, "{\"run\":{},\"figures\":[{\"benchmark\":\"webhook-fast-c1\",\"metric\":\"deliveries/s\","
                + "\"sluice\":2000,\"baseline\":\"direct\",\"baselineValue\":2300}]}");
        List<Path> only = Charts.write(Charts.read(json), dir, "w-");
        assertEquals(List.of("w-throughput-ratios.png"), only.stream().map(p -> p.getFileName().toString()).toList(),
                "a run without fan-out or latency figures gets no such charts");
        assertTrue(Files.size(only.get(0)) > 1000);
    }
}
