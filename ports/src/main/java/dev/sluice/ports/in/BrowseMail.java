package dev.sluice.ports.in;

import java.util.List;
import java.util.Map;

/**
 * Use case (scenario S3, for a demo): read the e-mail that the built-in mail catcher took in place of an SMTP
 * server, and empty it. When the catcher is off every method throws {@link NotFoundException} whose message
 * says why and where mail goes instead, so that a caller can tell the user.
 */
public interface BrowseMail {

    /**
     * Where the catcher listens and the messages it holds, newest first.
     *
     * @throws NotFoundException when the catcher is off
     */
    Caught list();

    /**
     * One message.
     *
     * @throws NotFoundException when the catcher is off or holds no message with that id (any more)
     */
    CaughtMail get(String id);

    /**
     * Forgets every message.
     *
     * @throws NotFoundException when the catcher is off
     */
    void clear();

    /**
     * The catcher and what it holds.
     *
     * @param host     the address it listens on (always loopback)
     * @param port     its SMTP port
     * @param capacity most messages it keeps; the oldest is dropped for a new one
     * @param messages newest first
     */
    record Caught(String host, int port, int capacity, List<CaughtMail> messages) {}

    /**
     * One message as the catcher received it.
     *
     * @param id         the catcher's own id, unique while it runs
     * @param receivedAt when it arrived (ISO-8601)
     * @param from       the sender of the SMTP envelope ({@code MAIL FROM})
     * @param to         the recipients of the SMTP envelope ({@code RCPT TO}), Bcc included
     * @param subject    the decoded subject, or null
     * @param text       the plain-text body, or null when there is none
     * @param html       the HTML body, or null when there is none
     * @param headers    the headers worth showing (Message-ID, Date, From, To, Cc, Reply-To, Subject,
     *                   Content-Type), in that order, those present
     */
    record CaughtMail(String id, String receivedAt, String from, List<String> to, String subject, String text,
                      String html, Map<String, String> headers) {}
}
