package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.Processor;
import dev.sluice.ports.spi.Processor.ProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FilterPluginTest {

    private static final String ELECTRONICS = "$lowercase(category) = 'electronics'";

    private final Processor filter = new FilterPlugin().create(ELECTRONICS);

    @ParameterizedTest
    @ValueSource(strings = {"{\"category\":\"Electronics\"}", "{\"category\":\"ELECTRONICS\",\"price\":29.99}"})
    void keepsMatchingEventsUnchanged(String payload) {
        EventEnvelope event = Events.json(payload);
        byte[] before = event.payload().clone();

        EventEnvelope result = filter.apply(event);

        assertSame(event, result);
        assertEquals(payload, Events.text(result));
        assertTrue(java.util.Arrays.equals(before, event.payload()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"category\":\"Accessories\"}", "{}", "{\"other\":\"electronics\"}"})
    void dropsOtherEvents(String payload) {
        assertNull(filter.apply(Events.json(payload)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flag                 | {\"flag\":true}      | true",
            "flag                 | {\"flag\":false}     | false",
            "name                 | {\"name\":\"x\"}     | true",
            "name                 | {\"name\":\"\"}      | false",
            "n                    | {\"n\":2}            | true",
            "n                    | {\"n\":0}            | false",
            "tags                 | {\"tags\":[1]}       | true",
            "tags                 | {\"tags\":[]}        | false",
            "o                    | {\"o\":{\"a\":1}}    | true",
            "o                    | {\"o\":{}}           | false",
            "x                    | {\"x\":null}         | false",
            "missing              | {}                   | false",
            "price > 20           | {\"price\":29.99}    | true",
            "price in [29.99, 5]  | {\"price\":29.99}    | true",
            "$$.id = id           | {\"id\":\"a\"}       | true",
    })
    void truthinessFollowsJsonata(String expression, String payload, boolean kept) {
        EventEnvelope result = new FilterPlugin().create(expression).apply(Events.json(payload));
        assertEquals(kept, result != null, expression + " on " + payload);
    }

    @Test
    void acceptsJsonSuffixAndParametersInContentType() {
        String payload = "{\"category\":\"electronics\"}";
        EventEnvelope cloudEvent = Events.event("1", payload, "application/cloudevents+json; charset=utf-8");
        assertSame(cloudEvent, filter.apply(cloudEvent));
        EventEnvelope upper = Events.event("2", payload, "Application/JSON;charset=UTF-8");
        assertSame(upper, filter.apply(upper));
    }

    @Test
    void invalidExpressionFailsCreateNamingTheExpression() {
        String broken = "$lowercase(category";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FilterPlugin().create(broken));
        assertTrue(e.getMessage().contains(broken), e.getMessage());
        assertTrue(e.getMessage().contains("Expected \")\""), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyExpressionFailsCreate(String argument) {
        assertThrows(IllegalArgumentException.class, () -> new FilterPlugin().create(argument));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"category\":", "{\"a\":1} trailing", "", "{'a':1}"})
    void nonJsonPayloadRaisesProcessingException(String payload) {
        EventEnvelope event = Events.event("bad-1", payload, "application/json");
        ProcessingException e = assertThrows(ProcessingException.class, () -> filter.apply(event));
        assertTrue(e.getMessage().contains("bad-1"), e.getMessage());
        assertTrue(e.getMessage().contains("JSON"), e.getMessage());
    }

    @Test
    void nonJsonContentTypeRaisesProcessingException() {
        EventEnvelope event = Events.event("x-1", "<a/>", "application/xml");
        ProcessingException e = assertThrows(ProcessingException.class, () -> filter.apply(event));
        assertTrue(e.getMessage().contains("application/xml"), e.getMessage());
    }

    @Test
    void runtimeErrorRaisesProcessingException() {
        Processor p = new FilterPlugin().create("category + 1 > 2");
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> p.apply(Events.json("{\"category\":\"a\"}")));
        assertTrue(e.getMessage().contains("category + 1 > 2"), e.getMessage());
    }

    @Test
    void oneProcessorFromEightThreadsKeepsTheRightCount() throws Exception {
        // $$ is the root input; with the library's plain evaluate(input) it races between threads.
        Processor p = new FilterPlugin().create(ELECTRONICS + " and $$.id = id");
        String[] categories = {"Electronics", "ELECTRONICS", "Accessories", "Books"};
        int events = 10_000;
        List<EventEnvelope> all = new ArrayList<>();
        int expected = 0;
        for (int i = 0; i < events; i++) {
            String category = categories[i % categories.length];
            if (category.equalsIgnoreCase("electronics")) {
                expected++;
            }
            all.add(Events.event("id-" + i, "{\"id\":\"id-" + i + "\",\"category\":\"" + category + "\"}",
                    "application/json"));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    int kept = 0;
                    for (int i = first; i < events; i += threads) {
                        EventEnvelope in = all.get(i);
                        EventEnvelope out = p.apply(in);
                        if (out != null) {
                            assertSame(in, out);
                            kept++;
                        }
                    }
                    return kept;
                }));
            }
            int kept = 0;
            for (Future<Integer> f : futures) {
                kept += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(expected, kept);
            assertEquals(5_000, kept);
        } finally {
            pool.shutdownNow();
        }
    }
}
