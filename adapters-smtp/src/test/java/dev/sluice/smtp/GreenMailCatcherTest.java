package dev.sluice.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.ports.in.BrowseMail;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.spi.MailCatcherPlugin;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The mail catcher: a real SMTP server (GreenMail) that real SMTP clients send to. */
class GreenMailCatcherTest {

    private static MailCatcherPlugin.Catcher start(int capacity) {
        MailCatcherPlugin plugin = ServiceLoader.load(MailCatcherPlugin.class).findFirst().orElseThrow();
        return plugin.start(0, capacity);
    }

    private static Mailer mailerTo(MailCatcherPlugin.Catcher catcher) {
        return new SmtpMailer(catcher.host(), catcher.port(), SmtpMailer.Tls.NONE, null, null, Duration.ofSeconds(5));
    }

    @Test
    void aMailSentThroughTheSmtpAdapterIsCaughtWithItsEnvelopeSubjectTextAndHeaders() {
        try (MailCatcherPlugin.Catcher catcher = start(10)) {
            mailerTo(catcher).send(new Mailer.Mail("billing@sluice.example", "johnny@do.example",
                    "Invoice from SuperCompany – Grüße", "Hello Johnny Do, your invoice of 120.5 EUR is due."));
            BrowseMail.Caught caught = catcher.list();
            assertEquals("127.0.0.1", caught.host());
            assertEquals(catcher.port(), caught.port());
            assertEquals(10, caught.capacity());
            assertEquals(1, caught.messages().size());
            BrowseMail.CaughtMail mail = caught.messages().get(0);
            assertEquals("billing@sluice.example", mail.from());
            assertEquals(List.of("johnny@do.example"), mail.to());
            assertEquals("Invoice from SuperCompany – Grüße", mail.subject(), "the subject decoded");
            assertEquals("Hello Johnny Do, your invoice of 120.5 EUR is due.", mail.text().strip());
            assertNull(mail.html());
            assertTrue(mail.headers().get("Message-ID").matches("<.+@.+>"), mail.headers().toString());
            assertEquals("johnny@do.example", mail.headers().get("To"));
            assertEquals("Invoice from SuperCompany – Grüße", mail.headers().get("Subject"));
            assertTrue(mail.headers().get("Content-Type").startsWith("text/plain"), mail.headers().toString());
            assertTrue(mail.headers().containsKey("Date"));
            assertTrue(mail.receivedAt().endsWith("Z"), mail.receivedAt());
            assertEquals(mail, catcher.get(mail.id()));
        }
    }

    @Test
    void aMessageToTwoRecipientsIsKeptOnceWithBothAndItsTextAndHtmlParts() throws Exception {
        try (MailCatcherPlugin.Catcher catcher = start(10)) {
            Properties p = new Properties();
            p.put("mail.smtp.host", catcher.host());
            p.put("mail.smtp.port", String.valueOf(catcher.port()));
            MimeMessage message = new MimeMessage(Session.getInstance(p));
            message.setFrom(new InternetAddress("shop@sluice.example", "The Shop"));
            message.setRecipients(Message.RecipientType.TO, "a@do.example");
            message.setRecipients(Message.RecipientType.CC, "b@do.example");
            message.setSubject("Both parts");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("plain words", "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<p>html words</p>", "text/html; charset=UTF-8");
            message.setContent(new MimeMultipart("alternative", text, html));
            Transport.send(message);
            List<BrowseMail.CaughtMail> caught = catcher.list().messages();
            assertEquals(1, caught.size(), "one message, however many recipients");
            BrowseMail.CaughtMail mail = caught.get(0);
            assertEquals(List.of("a@do.example", "b@do.example"), mail.to());
            assertEquals("plain words", mail.text());
            assertEquals("<p>html words</p>", mail.html());
            assertEquals("The Shop <shop@sluice.example>", mail.headers().get("From"));
            assertEquals("b@do.example", mail.headers().get("Cc"));
        }
    }

    @Test
    void itKeepsTheNewestMessagesUpToItsCapacityAndClearForgetsThem() {
        try (MailCatcherPlugin.Catcher catcher = start(3)) {
            Mailer mailer = mailerTo(catcher);
            for (int i = 1; i <= 5; i++) {
                mailer.send(new Mailer.Mail("a@sluice.example", "b@do.example", "mail " + i, "text " + i));
            }
            List<BrowseMail.CaughtMail> caught = catcher.list().messages();
            assertEquals(List.of("mail 5", "mail 4", "mail 3"), caught.stream().map(BrowseMail.CaughtMail::subject).toList(),
                    "newest first, the two oldest dropped");
            String dropped = String.valueOf(Long.parseLong(caught.get(2).id()) - 1);
            assertThrows(NotFoundException.class, () -> catcher.get(dropped));
            catcher.clear();
            assertEquals(List.of(), catcher.list().messages());
            NotFoundException e = assertThrows(NotFoundException.class, () -> catcher.get(caught.get(0).id()));
            assertTrue(e.getMessage().contains("holds no message"), e.getMessage());
            mailer.send(new Mailer.Mail("a@sluice.example", "b@do.example", "after", "t"));
            assertEquals(1, catcher.list().messages().size(), "it catches on after a clear");
        }
    }

    /**
     * A catcher takes mail from whoever reaches it, so it must listen on the loopback address alone: it answers on
     * 127.0.0.1 and refuses 127.0.0.2 (also loopback on Linux, and answered by a socket bound to every address)
     * and every address of this machine's network interfaces.
     */
    @Test
    void itListensOnTheLoopbackAddressOnly() throws Exception {
        try (MailCatcherPlugin.Catcher catcher = start(10)) {
            assertEquals("127.0.0.1", catcher.host());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", catcher.port()), 2000);
                assertTrue(new String(s.getInputStream().readNBytes(3)).startsWith("220"), "an SMTP greeting");
            }
            List<InetAddress> others = new ArrayList<>();
            others.add(InetAddress.getByName("127.0.0.2"));
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        others.add(address);
                    }
                }
            }
            for (InetAddress other : others) {
                try (Socket s = new Socket()) {
                    assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(other, catcher.port()), 2000),
                            "the catcher answered on " + other.getHostAddress());
                }
            }
        }
    }

    @Test
    void aTakenPortFailsWithAMessageThatNamesItAndAClosedCatcherListensNoMore() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            MailCatcherPlugin plugin = ServiceLoader.load(MailCatcherPlugin.class).findFirst().orElseThrow();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> plugin.start(taken.getLocalPort(), 10));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("sluice.mail-catcher.port"), e.getMessage());
        }
        MailCatcherPlugin.Catcher catcher = start(10);
        int port = catcher.port();
        catcher.close();
        try (Socket s = new Socket()) {
            assertThrows(IOException.class, () -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000));
        }
    }
}
