package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is generated at build time and served with Swagger UI. */
class OpenApiTest {

    @Test
    void theDocumentDescribesTheS1EndpointsWithExamplesAndSwaggerUiServesIt() throws Exception {
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("doc"), Map.of())) {
            var doc = sluice.get("/swagger/sluice-0.1.yml");
            assertEquals(200, doc.statusCode());
            for (String expected : new String[] {"/streams-master-data/producer", "/api/master-data/items",
                    "/{channel}/stream", "/api/dead-letters/{route}", "/api/dead-letters/{route}/replay",
                    "Widget A", "Item B", "application/problem+json"}) {
                assertTrue(doc.body().contains(expected), "missing " + expected);
            }
            var redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sluice.uri("/swagger-ui")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(303, redirect.statusCode());
            var ui = sluice.get("/swagger-ui/index.html");
            assertEquals(200, ui.statusCode());
            assertTrue(ui.body().contains("swagger"), "Swagger UI page");
        }
    }

    @Test
    void theDocumentDescribesTheS4EndpointsWithExamples() throws Exception {
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("doc"), Map.of())) {
            String doc = sluice.get("/swagger/sluice-0.1.yml").body();
            for (String expected : new String[] {"/api/simulator/start", "/api/simulator/stop", "/api/views",
                    "/api/views/{view}", "/api/views/{view}/stream", "/api/topics", "/api/topics/{topic}/stream",
                    "ten thousand events", "a 5 s window", "one view", "two topics", "2026-01-01T00:00:00Z"}) {
                assertTrue(doc.contains(expected), "missing " + expected);
            }
        }
    }

    @Test
    void theDocumentDescribesTheMailCatcherWithExamples() throws Exception {
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("doc"), Map.of())) {
            String doc = sluice.get("/swagger/sluice-0.1.yml").body();
            for (String expected : new String[] {"/api/mail:", "/api/mail/{id}:", "Empty the catcher", "one invoice mail",
                    "catcher off", "Invoice from SuperCompany", "The mail catcher is off", "Message-ID"}) {
                assertTrue(doc.contains(expected), "missing " + expected);
            }
        }
    }
}
