package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sluice.ports.spi.MailCatcherPlugin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The S3 demo's mail catcher in the running application: with no SMTP host configured the notifications' mail
 * goes to the catcher inside Sluice and {@code /api/mail} shows it; a configured SMTP host wins and the catcher
 * stays off; off, {@code /api/mail} says why. Real Kafka, real SMTP on both sides.
 */
class MailCatcherTest {

    /** S3 with the invoice rule of {@link NotificationsTest}, the catcher on a free port, and no SMTP host. */
    private static Map<String, Object> withCatcher(String prefix, String stateDir) {
        Map<String, Object> p = NotificationsTest.props(prefix, stateDir, 25);
        p.remove("sluice.notifications.smtp.host");
        p.remove("sluice.notifications.smtp.port");
        p.put("sluice.mail-catcher.enabled", "true");
        p.put("sluice.mail-catcher.port", "0");
        return p;
    }

    private static JsonNode awaitMail(TestSluice sluice, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            HttpResponse<String> r = sluice.get("/api/mail");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode caught = NotificationsTest.JSON.readTree(r.body());
            if (caught.get("messages").size() >= count) {
                return caught;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " caught messages, got " + caught);
            }
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> delete(TestSluice sluice, String path) throws Exception {
        return TestSluice.HTTP.send(HttpRequest.newBuilder(sluice.uri(path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertOff(HttpResponse<String> r, String why) throws Exception {
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        String detail = NotificationsTest.JSON.readTree(r.body()).get("detail").asText();
        assertTrue(detail.startsWith("The mail catcher is off: "), detail);
        assertTrue(detail.contains(why), detail);
    }

    private static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void withoutAnSmtpHostTheInvoiceMailIsCaughtShownAtApiMailAndEmptiedByDelete() throws Exception {
        String prefix = TestSluice.unique("mail") + ".";
        String stateDir = Files.createTempDirectory("sluice-mail").toString();
        int port;
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), withCatcher(prefix, stateDir))) {
            MailCatcherPlugin.Catcher catcher = sluice.server.getApplicationContext().getBean(MailCatcherPlugin.Catcher.class);
            port = catcher.port();
            assertEquals("127.0.0.1", catcher.host());
            assertTrue(port > 0);
            assertTrue(answers("127.0.0.1", port), "the catcher listens on 127.0.0.1");
            assertFalse(answers("127.0.0.2", port), "and on the loopback address alone");

            String order = NotificationsTest.orderFor(sluice, "jdo@gmail.com");
            NotificationsTest.post(sluice, "/api/invoices", NotificationsTest.invoice(order, 120.5));
            JsonNode caught = awaitMail(sluice, 1);
            assertEquals("127.0.0.1", caught.get("host").asText());
            assertEquals(port, caught.get("port").asInt());
            assertEquals(500, caught.get("capacity").asInt(), "the default of sluice.mail-catcher.max-messages");
            JsonNode mail = caught.get("messages").get(0);
            assertEquals("billing@sluice.example", mail.get("from").asText());
            assertEquals(1, mail.get("to").size());
            assertEquals("johnny@do.example", mail.get("to").get(0).asText(), "the customer's current address");
            assertEquals("Invoice from SuperCompany", mail.get("subject").asText());
            assertEquals("Hello Johnny Do, your invoice of 120.5 EUR for order po002 is due on 2022-06-30.",
                    mail.get("text").asText().strip());
            assertTrue(mail.get("headers").get("Message-ID").asText().startsWith("<"), mail.toString());
            assertTrue(mail.get("receivedAt").asText().endsWith("Z"), mail.toString());
            assertEquals("sent", NotificationsTest.awaitRecords(sluice, 1).get(0).get("status").asText());

            HttpResponse<String> one = sluice.get("/api/mail/" + mail.get("id").asText());
            assertEquals(200, one.statusCode(), one.body());
            assertEquals(mail, NotificationsTest.JSON.readTree(one.body()));

            HttpResponse<String> emptied = delete(sluice, "/api/mail");
            assertEquals(204, emptied.statusCode(), emptied.body());
            JsonNode after = NotificationsTest.JSON.readTree(sluice.get("/api/mail").body());
            assertTrue(after.get("messages").isArray() && after.get("messages").isEmpty(), after.toString());
            HttpResponse<String> gone = sluice.get("/api/mail/" + mail.get("id").asText());
            assertEquals(404, gone.statusCode(), gone.body());
            assertEquals("application/problem+json", gone.headers().firstValue("Content-Type").orElse(""));
            assertTrue(gone.body().contains("holds no message"), gone.body());
        }
        assertFalse(answers("127.0.0.1", port), "closing Sluice stopped the catcher");
    }

    @Test
    void aConfiguredSmtpHostGetsTheMailAndTheCatcherStaysOff() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String prefix = TestSluice.unique("mail") + ".";
        String stateDir = Files.createTempDirectory("sluice-mail").toString();
        Map<String, Object> p = withCatcher(prefix, stateDir);
        p.put("sluice.notifications.smtp.host", "127.0.0.1");
        p.put("sluice.notifications.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), p)) {
            assertTrue(sluice.server.getApplicationContext().findBean(MailCatcherPlugin.Catcher.class).isEmpty(),
                    "no catcher runs");
            String order = NotificationsTest.orderFor(sluice, "jdo@gmail.com");
            NotificationsTest.post(sluice, "/api/invoices", NotificationsTest.invoice(order, 42));
            assertTrue(smtp.waitForIncomingEmail(60_000, 1), "the mail reached the configured server");
            assertEquals("johnny@do.example", smtp.getReceivedMessages()[0].getAllRecipients()[0].toString());
            assertTrue(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).contains("invoice of 42.0 EUR"));
            HttpResponse<String> off = sluice.get("/api/mail");
            assertOff(off, "an SMTP host is configured");
            assertTrue(off.body().contains("smtp://127.0.0.1:" + smtp.getSmtp().getPort()), off.body());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void whenTheCatcherIsOffTheMailEndpointsAnswer404ProblemsThatSayWhy() throws Exception {
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"), Map.of())) {
            assertOff(sluice.get("/api/mail"), "sluice.mail-catcher.enabled is false");
            assertOff(sluice.get("/api/mail/1"), "sluice.mail-catcher.enabled is false");
            assertOff(delete(sluice, "/api/mail"), "sluice.mail-catcher.enabled is false");
            assertTrue(sluice.get("/api/mail").body().contains("no mail is sent"), "the notifications are off too");
        }
        try (TestSluice sluice = TestSluice.start(TestSluice.unique("ingest"),
                Map.of("sluice.mail-catcher.enabled", "true", "sluice.mail-catcher.port", "0"))) {
            assertOff(sluice.get("/api/mail"), "the notifications are off");
            assertThrows(io.micronaut.context.exceptions.NoSuchBeanException.class,
                    () -> sluice.server.getApplicationContext().getBean(MailCatcherPlugin.Catcher.class));
        }
    }
}
