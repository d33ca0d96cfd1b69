package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.domain.bookstore.Catalogue;
import dev.sluice.domain.bookstore.Simulation;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.LoggedEvent;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The S4 simulator through its HTTP API on the real (shared, embedded) Kafka: a fixed seed writes exactly
 * the events an independent {@link Simulation} computes, on the seed's topics under a prefix of this
 * test's own; a second start is 409, bad settings are 400 with pointers, a stop stops.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the seeded run first, alone on its topics
class SimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "2026-01-01T00:00:00Z";
    private static String prefix;
    private static TestSluice sluice;

    @BeforeAll
    static void start() {
        prefix = TestSluice.unique("s4") + ".";
        sluice = TestSluice.start(TestSluice.unique("ingest"), Map.of("sluice.bookstore.enabled", true,
                "sluice.bookstore.topic-prefix", prefix));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitStopped() throws Exception {
        JsonNode status = json(sluice.get("/api/simulator"));
        for (int i = 0; i < 600 && status.get("running").asBoolean(); i++) {
            Thread.sleep(100);
            status = json(sluice.get("/api/simulator"));
        }
        return status;
    }

    /** Everything on the topic from its beginning, once {@code count} events have arrived. */
    private static List<EventEnvelope> readAll(String topic, int count) throws Exception {
        EventLog log = sluice.server.getApplicationContext().getBean(EventLog.class);
        List<EventEnvelope> got = new CopyOnWriteArrayList<>();
        try (Subscription ignored = log.tail(topic, StartAt.earliest(), (LoggedEvent e) -> got.add(e.event()))) {
            for (int i = 0; i < 300 && got.size() < count; i++) {
                Thread.sleep(100);
            }
        }
        return new ArrayList<>(got);
    }

    @Test
    @Order(1)
    void aSeededRunWritesExactlyTheSimulatedEventsWithTheirSimulatedTimes() throws Exception {
        HttpResponse<String> started = sluice.post("/api/simulator/start", "application/json",
                "{\"seed\": 42, \"events\": 1500, \"rate\": 0, \"startTime\": \"" + START + "\"}");
        assertEquals(200, started.statusCode(), started.body());

        JsonNode done = awaitStopped();

        assertFalse(done.get("running").asBoolean(), done.toString());
        assertFalse(done.hasNonNull("error"), done.toString());
        assertEquals(Catalogue.BOOKS, done.get("counts").get("book").asInt());
        assertEquals(Catalogue.CUSTOMERS, done.get("counts").get("customer").asInt());
        Simulation expected = new Simulation(42, Instant.parse(START));
        List<Simulation.Event> events = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            events.add(expected.next());
        }
        for (String topic : Simulation.TOPICS) {
            List<Simulation.Event> want = events.stream().filter(e -> e.topic().equals(topic)).toList();
            assertEquals(want.size(), done.get("counts").get(topic).asInt(), topic);
            List<EventEnvelope> got = readAll(prefix + topic, want.size());
            assertEquals(want.size(), got.size(), topic);
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).key(), got.get(i).key(), topic + " #" + i);
                assertEquals(want.get(i).time(), got.get(i).time(), topic + " #" + i + ": the simulated time");
                assertEquals(JSON.readTree(JSON.writeValueAsBytes(want.get(i).fields())), JSON.readTree(got.get(i).payload()),
                        topic + " #" + i);
            }
        }
        assertEquals(events.get(1499).time(), Instant.parse(done.get("simulatedTime").asText()));
    }

    @Test
    void aSecondStartIsAConflictAndAStopStops() throws Exception {
        assertEquals(200, sluice.post("/api/simulator/start", "application/json", "{\"rate\": 20}").statusCode());
        try {
            HttpResponse<String> again = sluice.post("/api/simulator/start", "application/json", "");
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("application/problem+json", again.headers().firstValue("Content-Type").orElse(""));
        } finally {
            HttpResponse<String> stopped = sluice.post("/api/simulator/stop", "application/json", "");
            assertEquals(200, stopped.statusCode(), stopped.body());
            assertFalse(json(stopped).get("running").asBoolean());
        }
        assertFalse(json(sluice.get("/api/simulator")).get("running").asBoolean());
    }

    @Test
    void badSettingsAre400WithAPointerEachAndStartNothing() throws Exception {
        awaitStopped();
        JsonNode before = json(sluice.get("/api/simulator"));

        HttpResponse<String> wrongTypes = sluice.post("/api/simulator/start", "application/json",
                "{\"seed\": \"x\", \"startTime\": \"yesterday\", \"colour\": 1, \"events\": 1.5}");
        HttpResponse<String> outOfRange = sluice.post("/api/simulator/start", "application/json",
                "{\"events\": 0, \"rate\": -1}");

        assertEquals(400, wrongTypes.statusCode(), wrongTypes.body());
        assertEquals(List.of("/colour", "/seed", "/events", "/startTime"), pointers(json(wrongTypes)));
        assertEquals(400, outOfRange.statusCode(), outOfRange.body());
        assertEquals(List.of("/events", "/rate"), pointers(json(outOfRange)));
        assertEquals(before, json(sluice.get("/api/simulator")), "nothing started");
    }

    private static List<String> pointers(JsonNode problem) {
        return StreamSupport.stream(problem.get("errors").spliterator(), false).map(e -> e.get("pointer").asText())
                .toList();
    }
}
