package dev.sluice.http;

import static dev.sluice.http.HttpHarness.json;
import static dev.sluice.http.HttpHarness.pointers;
import static dev.sluice.http.HttpHarness.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ports.event.BrokerUnavailableException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.UnknownReferenceException;
import dev.sluice.ports.in.Violation;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The S3 endpoints against a fake ManageCommerce, and with them the problem mapping of the in-ports'
 * exceptions: InvalidInput 400, UnknownReference 422, NotFound 404, BrokerUnavailable 503 (as CommerceTest
 * sees them in the app).
 */
class CommerceEndpointsTest extends AgainstFakePorts {

    @Test
    void aCreatedEntityIs201WithItsLocation() throws Exception {
        HttpResponse<String> response = http.postJson("/api/customers", "{\"name\":\"John\",\"credit\":10.50}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("/api/customers/id-1", response.headers().firstValue("Location").orElse(null));
        JsonNode created = json(response);
        assertEquals("id-1", created.get("id").asText());
        assertEquals("John", created.get("name").asText());
        assertEquals(List.of(Map.of("name", "John", "credit", new BigDecimal("10.50"))), http.commerce.bodies);
    }

    @Test
    void badFieldsAre400WithOnePointerEach() throws Exception {
        http.commerce.creating = body -> {
            throw new InvalidInputException("2 field(s) are invalid", List.of(
                    new Violation("/email", "must be an e-mail address"), new Violation("/lastName", "is required")));
        };

        JsonNode p = problem(http.postJson("/api/customers", "{\"email\":\"not-an-address\"}"), 400, "invalid-input");

        assertEquals("Invalid input", p.get("title").asText());
        assertEquals("2 field(s) are invalid", p.get("detail").asText());
        assertEquals("/api/customers", p.get("instance").asText());
        assertEquals(List.of("/email", "/lastName"), pointers(p));
        assertEquals("must be an e-mail address", p.get("errors").get(0).get("detail").asText());
    }

    @Test
    void aReferenceToNothingIs422NamingTheField() throws Exception {
        http.commerce.creating = body -> {
            throw new UnknownReferenceException("1 reference(s) point at nothing",
                    List.of(new Violation("/organizationId", "no organization with id 'nope'")));
        };

        JsonNode p = problem(http.postJson("/api/orders", "{\"organizationId\":\"nope\"}"), 422, "unknown-reference");

        assertEquals("Unknown reference", p.get("title").asText());
        assertEquals(List.of("/organizationId"), pointers(p));
        assertEquals("no organization with id 'nope'", p.get("errors").get(0).get("detail").asText());
    }

    @Test
    void aMissingEntityIs404ForReadAndUpdate() throws Exception {
        JsonNode read = problem(http.get("/api/customers/ghost"), 404, "not-found");
        assertEquals("no customer with id 'ghost'", read.get("detail").asText());
        assertEquals("Not found", read.get("title").asText());

        JsonNode update = problem(http.send(HttpRequest.newBuilder(http.uri("/api/orders/ghost"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}"))), 404, "not-found");
        assertEquals("no order with id 'ghost'", update.get("detail").asText());
    }

    @Test
    void readsAndListsComeFromTheInPort() throws Exception {
        http.commerce.stored.put("customer/c1", Map.of("id", "c1", "name", "John"));

        assertEquals("John", json(http.get("/api/customers/c1")).get("name").asText());
        assertEquals(1, json(http.get("/api/customers")).size());
        assertEquals(0, json(http.get("/api/orders")).size());
    }

    @Test
    void aBrokerThatDidNotAcknowledgeIs503WithRetryAfter() throws Exception {
        http.commerce.creating = body -> {
            throw new BrokerUnavailableException("append to commerce.customers was not acknowledged in time",
                    Duration.ofSeconds(5), null);
        };

        HttpResponse<String> response = http.postJson("/api/customers", "{\"name\":\"John\"}");

        JsonNode p = problem(response, 503, "broker-unavailable");
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("The broker did not acknowledge in time; nothing was acknowledged to you. Retry after 5 s.",
                p.get("detail").asText());
    }

    @Test
    void aBodyThatIsNotJsonIs415AndNeverReachesTheInPort() throws Exception {
        problem(http.post("/api/customers", "text/plain", "{\"name\":\"John\"}"), 415, "unsupported-media-type");
        assertEquals(List.of(), http.commerce.bodies);
    }

    @Test
    void anIllegalArgumentIs400WithItsMessage() throws Exception {
        http.commerce.creating = body -> {
            throw new IllegalArgumentException("clientId must be 1 to 200 characters");
        };

        JsonNode p = problem(http.postJson("/api/customers", "{}"), 400, "bad-request");

        assertEquals("clientId must be 1 to 200 characters", p.get("detail").asText());
    }

    @Test
    void anUnknownPathAndAWrongMethodAreProblemsToo() throws Exception {
        problem(http.get("/nothing-here"), 404, "not-found");
        problem(http.send(HttpRequest.newBuilder(http.uri("/api/customers/c1")).DELETE()), 405, "method-not-allowed");
    }
}
