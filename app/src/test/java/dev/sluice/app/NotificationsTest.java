package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * S3 notifications end to end: the real shared Kafka, Kafka Streams tables and a real SMTP server
 * (GreenMail) that the test reads. The seed's story: the e-mail for an invoice goes to the customer's
 * current address and greets their current name; after a restart nothing is sent twice; a mail that
 * cannot be sent becomes a failed record that a replay sends once the server is back.
 */
class NotificationsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> props(String prefix, String stateDir, int smtpPort) {
        Map<String, Object> p = new HashMap<>();
        p.put("sluice.commerce.enabled", "true");
        p.put("sluice.commerce.topic-prefix", prefix);
        p.put("sluice.kafka.state-dir", stateDir);
        p.put("sluice.notifications.enabled", "true");
        p.put("sluice.notifications.from", "billing@sluice.example");
        p.put("sluice.notifications.smtp.host", "127.0.0.1");
        p.put("sluice.notifications.smtp.port", String.valueOf(smtpPort));
        p.put("sluice.notifications.smtp.timeout", "2s");
        p.put("sluice.notifications.retry.base-delay", "50ms");
        p.put("sluice.notifications.retry.max-delay", "100ms");
        p.put("sluice.notifications.retry.max-attempts", "2");
        String rule = "sluice.notifications.rules.invoice-email.";
        p.put(rule + "on", "invoice_created");
        p.put(rule + "when", "invoice.amount > 0");
        p.put(rule + "to", "{{customer.email}}");
        p.put(rule + "subject", "Invoice from {{organization.name}}");
        p.put(rule + "template", "Hello {{customer.name}} {{customer.lastName}}, your invoice of {{invoice.amount}} "
                + "{{invoice.currency}} for order {{order.po}} is due on {{invoice.dueDate}}.");
        return p;
    }

    static JsonNode post(TestSluice sluice, String path, String body) throws Exception {
        HttpResponse<String> r = TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    static String orderFor(TestSluice sluice, String customerEmail) throws Exception {
        String org = post(sluice, "/api/organizations", "{\"name\":\"SuperCompany\"}").get("id").asText();
        String customer = post(sluice, "/api/customers", "{\"name\":\"John\",\"lastName\":\"Do\",\"email\":\""
                + customerEmail + "\"}").get("id").asText();
        String order = post(sluice, "/api/orders", "{\"po\":\"po002\",\"organizationId\":\"" + org
                + "\",\"customerId\":\"" + customer + "\",\"date\":\"2022-05-07T07:50:03Z\"}").get("id").asText();
        TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri("/api/customers/" + customer))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Johnny\",\"email\":\"johnny@do.example\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return order;
    }

    static String invoice(String order, double amount) {
        return "{\"orderId\":\"" + order + "\",\"amount\":" + amount + ",\"currency\":\"EUR\",\"dueDate\":\"2022-06-30\"}";
    }

    static JsonNode awaitRecords(TestSluice sluice, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            JsonNode records = JSON.readTree(sluice.get("/api/notifications").body());
            if (records.size() >= count) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " notification records, got " + records);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void theMailGoesToTheCurrentAddressGreetsTheNewNameAndIsNeverSentTwice() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(QuietPorts.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String prefix = TestSluice.unique("notify") + ".";
        String stateDir = Files.createTempDirectory("sluice-notify").toString();
        try {
            String order;
            try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), props(prefix, stateDir, smtp.getSmtp().getPort()))) {
                order = orderFor(sluice, "jdo@gmail.com");
                post(sluice, "/api/invoices", invoice(order, 0)); // the condition skips a zero invoice
                post(sluice, "/api/invoices", invoice(order, 120.5));
                assertTrue(smtp.waitForIncomingEmail(60_000, 1));
                MimeMessage mail = smtp.getReceivedMessages()[0];
                assertEquals("johnny@do.example", mail.getAllRecipients()[0].toString(), "the current address");
                assertEquals("Invoice from SuperCompany", mail.getSubject());
                String text = GreenMailUtil.getBody(mail);
                assertTrue(text.contains("Hello Johnny Do, your invoice of 120.5 EUR for order po002 is due on 2022-06-30."),
                        text);
                JsonNode records = awaitRecords(sluice, 1);
                assertEquals("sent", records.get(0).get("status").asText());
                assertEquals("invoice-email", records.get(0).get("rule").asText());
                assertEquals(1, records.get(0).get("attempts").asInt());
                assertEquals("johnny@do.example", records.get(0).get("recipient").asText());
            }
            // restart: the tables and records rebuild from the log; the sent mail is not sent again
            try (TestSluice again = TestSluice.start(TestSluice.unique("ingest"), props(prefix, stateDir, smtp.getSmtp().getPort()))) {
                post(again, "/api/invoices", invoice(order, 7));
                assertTrue(smtp.waitForIncomingEmail(60_000, 2));
                Thread.sleep(2000);
                assertEquals(2, smtp.getReceivedMessages().length, "one mail per invoice, none twice");
                assertTrue(GreenMailUtil.getBody(smtp.getReceivedMessages()[1]).contains("invoice of 7.0 EUR"));
                assertEquals(2, awaitRecords(again, 2).size());
            }
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aMailThatCannotBeSentIsAFailedRecordThatAReplaySendsLater() throws Exception {
        int port = QuietPorts.free(); // nothing listens yet
        String prefix = TestSluice.unique("notify") + ".";
        String stateDir = Files.createTempDirectory("sluice-notify").toString();
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), props(prefix, stateDir, port))) {
            String order = orderFor(sluice, "jdo@gmail.com");
            post(sluice, "/api/invoices", invoice(order, 99));
            JsonNode record = awaitRecords(sluice, 1).get(0);
            assertEquals("failed", record.get("status").asText(), record.toString());
            assertEquals(2, record.get("attempts").asInt(), "the configured attempts");
            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                JsonNode replayed = post(sluice, "/api/notifications/" + record.get("id").asText() + "/replay", "");
                assertEquals("sent", replayed.get("status").asText(), replayed.toString());
                assertEquals(3, replayed.get("attempts").asInt());
                assertTrue(smtp.waitForIncomingEmail(10_000, 1));
                assertEquals("johnny@do.example", smtp.getReceivedMessages()[0].getAllRecipients()[0].toString());
                JsonNode again = post(sluice, "/api/notifications/" + record.get("id").asText() + "/replay", "");
                assertEquals("sent", again.get("status").asText());
                Thread.sleep(500);
                assertEquals(1, smtp.getReceivedMessages().length, "a sent notification is not sent again");
            } finally {
                smtp.stop();
            }
        }
    }
}
