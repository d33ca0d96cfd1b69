package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every YAML example in the README, loaded as written (the views example is ViewDeclarationsTest's): a
 * reader who copies one into a configuration file gets what the README says it does.
 */
class ReadmeExamplesTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static TestSluice start(Map<String, Object> props, String example) throws Exception {
        return TestSluice.wrap(ApplicationContext.builder(EmbeddedServer.class).environments("test").properties(props)
                .propertySources(PropertySource.of("README " + example, Readme.settings(example))).start()
                .getBean(EmbeddedServer.class).start());
    }

    @Test
    void everyYamlBlockOfTheReadmeIsMarkedAndTested() throws Exception {
        assertEquals(Set.of("notification-rule", "views", "routes", "topic-schemas", "api-keys", "signed-webhook",
                "quotas", "cdc"),
                Readme.yamlBlocks().keySet(),
                "a new YAML example needs a marker <!-- example: name --> and a test that loads it");
    }

    @Test
    void theCdcExampleCarriesTheTableAndItsChangesToTheTopicAndTheStream() throws Exception {
        TestPostgres.dropSlot("sluice_shop_customers"); // the example's slot, if a killed run left it
        try (TestPostgres db = TestPostgres.create("readme")) {
            db.exec("CREATE TABLE customer (id bigint PRIMARY KEY, name text)", "INSERT INTO customer VALUES (1, 'Ada')");
            Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("readme-cdc"));
            p.put("SHOP_DB_URL", db.url);
            p.put("SHOP_DB_USER", TestPostgres.USER);
            try (TestSluice sluice = start(p, "cdc");
                 SseClient stream = SseClient.connect(sluice.uri("/customers-stream/stream?from=earliest"), null)) {
                SseClient.Event ada = stream.awaitUntil(e -> e.data().contains("Ada")).getLast();
                assertEquals("customer_created", ada.type());
                db.exec("UPDATE customer SET name = 'Grace' WHERE id = 1");
                SseClient.Event grace = stream.awaitUntil(e -> e.data().contains("Grace")).getLast();
                assertEquals("customer_updated", grace.type());
                assertEquals(1, JSON.readTree(grace.data()).get("id").asInt());
                assertEquals(List.of("sluice_shop_customers"), db.slots());
            }
        }
    }

    @Test
    void theNotificationRuleSendsTheInvoiceMailItDescribes() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(SluiceProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("readme-rule"));
            p.put("sluice.commerce.enabled", "true");
            p.put("sluice.commerce.topic-prefix", TestSluice.unique("readme-rule") + ".");
            p.put("sluice.kafka.state-dir", Files.createTempDirectory("sluice-readme").toString());
            p.put("sluice.notifications.smtp.host", "127.0.0.1");
            p.put("sluice.notifications.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
            try (TestSluice sluice = start(p, "notification-rule")) {
                String org = id(sluice, "/api/organizations", "{\"name\":\"SuperCompany\"}");
                String customer = id(sluice, "/api/customers", "{\"name\":\"John\",\"lastName\":\"Do\",\"email\":\"jdo@gmail.com\"}");
                String order = id(sluice, "/api/orders", "{\"po\":\"po002\",\"organizationId\":\"" + org + "\",\"customerId\":\""
                        + customer + "\",\"date\":\"2022-05-07T07:50:03-00:00\"}");
                id(sluice, "/api/invoices", "{\"orderId\":\"" + order + "\",\"amount\":120.5,\"currency\":\"EUR\",\"dueDate\":\"2022-06-30\"}");
                assertTrue(smtp.waitForIncomingEmail(60_000, 1), "the rule sent the invoice mail");
                MimeMessage mail = smtp.getReceivedMessages()[0];
                assertEquals("billing@example.com", mail.getFrom()[0].toString());
                assertEquals("jdo@gmail.com", mail.getAllRecipients()[0].toString());
                assertEquals("Invoice from SuperCompany", mail.getSubject());
                String text = GreenMailUtil.getBody(mail).replaceAll("\\s+", " ");
                assertTrue(text.contains("Hello John Do, your invoice of 120.5 EUR for order po002 is due on 2022-06-30."), text);
            }
        } finally {
            smtp.stop();
        }
    }

    @Test
    void theRoutesExampleDeclaresAStreamAndAWebhookWithTheSettingsItShows() throws Exception {
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("readme-routes"));
        try (TestSluice sluice = start(p, "routes")) {
            JsonNode routes = JSON.readTree(sluice.get("/api/routes").body());
            JsonNode stream = find(routes, "streams-master-data-filtered");
            JsonNode erp = find(routes, "erp-xml");
            assertEquals("master-data-items", stream.get("topic").asText(), stream.toString());
            assertEquals(1, stream.get("pipeline").size(), stream.toString());
            assertEquals("master-data-items", erp.get("topic").asText(), erp.toString());
            assertEquals("xml-consumers-http", erp.get("group").asText(), erp.toString());
            assertEquals(8, erp.get("concurrency").asInt(), erp.toString());
            assertTrue(erp.get("destination").asText().contains("localhost:8002"), "the placeholder's default URL: " + erp);
            var channel = TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri("/api/channels")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(channel.body().contains("streams-master-data-filtered"), channel.body());
        }
    }

    @Test
    void theSignedWebhookExampleSignsAuthenticatesAndReachesLoopbackByItsOwnAllowList() throws Exception {
        String secret = WebhookSecurityTest.NEW_SECRET;
        try (Receiver erp = new Receiver(() -> 200)) {
            // the test's own allow-list is left out: the example's sluice.webhooks lets the receiver on loopback through
            Map<String, Object> p = WebhookSecurityTest.strict(TestSluice.unique("readme-signed"));
            p.put("sluice.ingest.topic", "master-data-items"); // the topic the example's route reads
            p.put("ERP_ORDERS_URL", erp.url());
            p.put("ERP_SECRET", secret);
            p.put("ERP_TOKEN", "readme-token");
            try (TestSluice sluice = start(p, "signed-webhook")) {
                JsonNode route = find(JSON.readTree(sluice.get("/api/routes").body()), "erp-orders");
                assertEquals("webhook " + erp.url(), route.get("destination").asText(), route.toString());
                sluice.postJson("{\"itemId\":\"readme-1\",\"name\":\"n\"}");
                Receiver.Delivery delivery = erp.await(1).get(0);
                assertTrue(WebhookSecurityTest.verifies(secret, delivery), delivery.headers().toString());
                assertEquals(1, delivery.header("webhook-signature").split(" ").length, "no previous secret given");
                assertEquals("Bearer readme-token", delivery.header("Authorization"));
                assertEquals("acme", delivery.header("X-Tenant"));
            }
        }
    }

    @Test
    void theTopicSchemasExampleIsUnderstoodAndNamesTheSchemaFileItCannotFind() throws Exception {
        // the example points at files of the reader's own: every key is accepted, and start-up stops at the
        // first schema file, which this machine does not have
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("readme-topics"));
        Throwable failure = assertThrows(Throwable.class, () -> start(p, "topic-schemas").close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        assertTrue(all.toString().contains("/etc/sluice/order.schema.json") || all.toString().contains("schemas/order.json"),
                all.toString());
        assertFalse(all.toString().contains("not a setting"), all.toString());
    }

    @Test
    void theApiKeysExampleGivesEachKeyItsScopes() throws Exception {
        // the erp key from the environment variable the example names; ops's key is the one its hash is of
        String erp = "erp-example-key-0123456789";
        String ops = "ops-example-key-change-me-0123456789";
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("readme-keys"));
        p.put("SLUICE_KEY_ERP", erp);
        try (TestSluice sluice = start(p, "api-keys")) {
            String item = "{\"itemId\":\"a-1\",\"name\":\"n\",\"category\":\"c\"}";
            assertEquals(401, send(sluice, "POST", "/api/master-data/items", item, null).statusCode());
            assertEquals(200, send(sluice, "POST", "/api/master-data/items", item, erp).statusCode());
            assertEquals(403, send(sluice, "GET", "/api/routes", null, erp).statusCode());
            assertEquals(200, send(sluice, "GET", "/api/routes", null, ops).statusCode());
        }
    }

    @Test
    void theQuotasExampleHoldsEachKeyToItsOwnLimit() throws Exception {
        String erp = "erp-example-key-0123456789";
        String partner = "partner-example-key-0123456789";
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("readme-quotas"));
        p.put("SLUICE_KEY_ERP", erp);
        p.put("SLUICE_KEY_PARTNER", partner);
        try (TestSluice sluice = start(p, "quotas")) {
            String item = "{\"itemId\":\"a-1\",\"name\":\"n\"}";
            // 3 a second, one back every 333 ms: of 20 sent at once, some are refused
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(TestSluice.HTTP.sendAsync(HttpRequest.newBuilder(sluice.uri("/api/master-data/items"))
                        .header("Content-Type", "application/json").header("X-API-Key", partner)
                        .POST(HttpRequest.BodyPublishers.ofString(item)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> refused = new java.util.ArrayList<>();
            int taken = 0;
            for (var answer : sent) {
                HttpResponse<String> response = answer.join();
                if (response.statusCode() == 429) {
                    refused.add(response);
                } else {
                    assertEquals(200, response.statusCode(), response.body());
                    taken++;
                }
            }
            assertTrue(taken >= 3 && !refused.isEmpty(), taken + " taken, " + refused.size() + " refused");
            HttpResponse<String> last = refused.getFirst();
            assertTrue(last.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"), last.headers().map().toString());
            assertTrue(last.body().contains("\"detail\":\"partner may make 3 ingest requests per 1s; nothing was done."),
                    last.body());
            for (int i = 0; i < 10; i++) {
                assertEquals(200, send(sluice, "POST", "/api/master-data/items", item, erp).statusCode(), "1000 a second");
            }
            var ctx = sluice.server.getApplicationContext();
            var generators = ctx.getBean(dev.sluice.http.security.AccessSettings.Quotas.Generators.class);
            assertEquals(5, generators.getRequests());
            assertEquals(java.time.Duration.ofMinutes(1), generators.getPer());
        }
    }

    private static HttpResponse<String> send(TestSluice sluice, String method, String path, String body, String key)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(sluice.uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return TestSluice.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode find(JsonNode routes, String name) {
        for (JsonNode route : routes) {
            if (name.equals(route.get("name").asText())) {
                return route;
            }
        }
        throw new AssertionError("no route " + name + " in " + routes);
    }

    private static String id(TestSluice sluice, String path, String body) throws Exception {
        var response = sluice.post(path, "application/json", body);
        assertTrue(response.statusCode() == 201, response.statusCode() + " " + response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }
}
