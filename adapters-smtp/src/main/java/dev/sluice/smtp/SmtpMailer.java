package dev.sluice.smtp;

import dev.sluice.ports.out.Mailer;
import jakarta.mail.Authenticator;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * {@link Mailer} over SMTP with Eclipse Angus Mail. Settings: {@code host}, {@code port}, {@code tls}
 * ({@code none}, {@code starttls} or {@code smtps}), {@code username} and {@code password} (from the
 * environment; never logged or put in a message), {@code timeout}. A refused address or login is
 * final; a server that cannot be reached or answers 4xx is worth another attempt.
 */
public final class SmtpMailer implements Mailer {

    /** How to reach the server. */
    public enum Tls { NONE, STARTTLS, SMTPS }

    private final Session session;
    private final String where;

    public SmtpMailer(String host, int port, Tls tls, String username, String password, Duration timeout) {
        Properties p = new Properties();
        String protocol = tls == Tls.SMTPS ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", host);
        p.put("mail." + protocol + ".port", String.valueOf(port));
        p.put("mail." + protocol + ".connectiontimeout", String.valueOf(timeout.toMillis()));
        p.put("mail." + protocol + ".timeout", String.valueOf(timeout.toMillis()));
        p.put("mail." + protocol + ".writetimeout", String.valueOf(timeout.toMillis()));
        if (tls == Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        boolean auth = username != null && !username.isBlank();
        p.put("mail." + protocol + ".auth", String.valueOf(auth));
        this.session = Session.getInstance(p, auth ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password == null ? "" : password);
            }
        } : null);
        this.where = protocol + "://" + host + ":" + port;
    }

    @Override
    public void send(Mail mail) {
        MimeMessage message = new MimeMessage(session);
        try {
            InternetAddress from = new InternetAddress(mail.from(), true);
            InternetAddress to = new InternetAddress(mail.to(), true);
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, to);
        } catch (AddressException e) {
            throw new MailException("not a valid address: " + e.getRef(), false, e);
        } catch (MessagingException e) {
            throw new MailException("the message could not be built: " + e.getMessage(), false, e);
        }
        try {
            message.setSubject(mail.subject(), "UTF-8");
            message.setText(mail.text(), "UTF-8");
            message.setSentDate(new Date());
            Transport.send(message);
        } catch (AuthenticationFailedException e) {
            throw new MailException("the SMTP server at " + where + " refused the login", false, e);
        } catch (SendFailedException e) {
            throw new MailException("the SMTP server at " + where + " refused the recipient " + mail.to(),
                    false, e);
        } catch (MessagingException e) {
            throw new MailException("the SMTP server at " + where + " did not take the message: "
                    + e.getClass().getSimpleName(), true, e);
        }
    }

    @Override
    public String toString() {
        return "SMTP " + where;
    }
}
