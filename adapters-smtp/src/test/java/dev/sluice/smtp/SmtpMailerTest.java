package dev.sluice.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sluice.ports.out.Mailer;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP adapter against a real SMTP server (GreenMail, in this JVM, on a free loopback port). */
class SmtpMailerTest {

    static final ServerSetup SMTP = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("sluice", "s3cret"));

    private int port() {
        return greenMail.getSmtp().getPort();
    }

    @Test
    void aMessageIsDeliveredWithItsSubjectTextAndRecipient() throws Exception {
        Mailer mailer = new SmtpMailer("127.0.0.1", port(), SmtpMailer.Tls.NONE, "sluice", "s3cret", Duration.ofSeconds(5));
        mailer.send(new Mailer.Mail("billing@sluice.example", "johnny@do.example", "Invoice i-1 from SuperCompany",
                "Hello Johnny Do, your invoice of 120.5 EUR is due on 2022-06-30. Grüße"));
        assertTrue(greenMail.waitForIncomingEmail(5000, 1));
        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertEquals("Invoice i-1 from SuperCompany", received.getSubject());
        assertEquals("johnny@do.example", received.getAllRecipients()[0].toString());
        assertEquals("billing@sluice.example", received.getFrom()[0].toString());
        assertTrue(GreenMailUtil.getBody(received).contains("Hello Johnny Do"), GreenMailUtil.getBody(received));
    }

    @Test
    void aRefusedLoginIsFinalAndTheMessageNamesNoPassword() {
        Mailer mailer = new SmtpMailer("127.0.0.1", port(), SmtpMailer.Tls.NONE, "sluice", "wrong-pass", Duration.ofSeconds(5));
        Mailer.MailException e = assertThrows(Mailer.MailException.class,
                () -> mailer.send(new Mailer.Mail("a@sluice.example", "b@do.example", "s", "t")));
        assertFalse(e.retryable());
        assertFalse(e.getMessage().contains("wrong-pass"), e.getMessage());
    }

    @Test
    void aServerThatCannotBeReachedIsWorthAnotherAttempt() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Mailer mailer = new SmtpMailer("127.0.0.1", closed, SmtpMailer.Tls.NONE, null, null, Duration.ofSeconds(2));
        Mailer.MailException e = assertThrows(Mailer.MailException.class,
                () -> mailer.send(new Mailer.Mail("a@sluice.example", "b@do.example", "s", "t")));
        assertTrue(e.retryable(), e.getMessage());
    }

    @Test
    void anInvalidAddressIsFinal() {
        Mailer mailer = new SmtpMailer("127.0.0.1", port(), SmtpMailer.Tls.NONE, "sluice", "s3cret", Duration.ofSeconds(5));
        Mailer.MailException e = assertThrows(Mailer.MailException.class,
                () -> mailer.send(new Mailer.Mail("a@sluice.example", "not an address", "s", "t")));
        assertFalse(e.retryable());
    }
}
