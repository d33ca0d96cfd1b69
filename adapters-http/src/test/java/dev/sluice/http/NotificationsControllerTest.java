package dev.sluice.http;

import static dev.sluice.http.HttpHarness.json;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ports.in.ObserveNotifications.Record;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notification records (S3) against a fake ObserveNotifications. */
class NotificationsControllerTest extends AgainstFakePorts {

    @BeforeEach
    void twoRecords() {
        http.notifications.records.add(new Record("invoice-email:e2", "invoice-email", "e2", "invoice_created", "i2",
                "jdo@example.com", "Invoice i2", "failed", 3, "server busy", "2026-01-02T03:04:06Z"));
        http.notifications.records.add(new Record("invoice-email:e1", "invoice-email", "e1", "invoice_created", "i1",
                "jdo@example.com", "Invoice i1", "sent", 1, null, "2026-01-02T03:04:05Z"));
    }

    @Test
    void theRecordsAreListedAsTheInPortOrdersThemWithALimitKeptInBounds() throws Exception {
        JsonNode records = json(http.get("/api/notifications"));
        http.get("/api/notifications?limit=0");
        http.get("/api/notifications?limit=50000");

        assertEquals(List.of("invoice-email:e2", "invoice-email:e1"), records.findValuesAsText("id"));
        assertEquals("failed", records.get(0).get("status").asText());
        assertEquals("server busy", records.get(0).get("lastError").asText());
        assertEquals(3, records.get(0).get("attempts").asInt());
        assertEquals(List.of(200, 1, 10_000), http.notifications.limits);
    }

    @Test
    void aReplayAnswersTheRecordAfterwards() throws Exception {
        HttpResponse<String> response = http.post("/api/notifications/invoice-email:e2/replay", "application/json", "");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode record = json(response);
        assertEquals("sent", record.get("status").asText());
        assertEquals(4, record.get("attempts").asInt());
    }

    @Test
    void aReplayOfAnUnknownRecordIs404() throws Exception {
        JsonNode p = problem(http.post("/api/notifications/nope/replay", "application/json", ""), 404, "not-found");
        assertEquals("no notification 'nope'", p.get("detail").asText());
    }
}
