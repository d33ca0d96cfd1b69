package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String REPORT = """
            Running 10s test @ http://127.0.0.1:32801/api/master-data/items
              2 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    59.99ms   39.02ms 306.96ms   87.02%
              Latency Distribution
                 50%  483.00us
                 75%   71.38ms
                 90%  106.17ms
                 99%    1.20s
              1441 requests in 10.06s, 13.63MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 7
            Requests/sec:    143.24
            Transfer/sec:      1.35MB
            """;

    @Test
    void readsRateLatencyInMillisecondsAndEveryKindOfError() {
        Wrk.Report r = Wrk.parse(REPORT);
        assertEquals(143.24, r.requestsPerSecond(), 1e-9);
        assertEquals(1441, r.requests());
        assertEquals(0.483, r.p50(), 1e-9);
        assertEquals(1200, r.p99(), 1e-9);
        assertEquals(12, r.errors());
    }

    @Test
    void aReportWithoutARateIsAnError() {
        assertThrows(IllegalStateException.class, () -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"));
    }
}
