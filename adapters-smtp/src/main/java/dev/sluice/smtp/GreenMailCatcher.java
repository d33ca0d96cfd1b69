package dev.sluice.smtp;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.spi.MailCatcherPlugin;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mail catcher: GreenMail's SMTP server on {@value #LOOPBACK} only (never every address: it takes mail from
 * anyone who reaches it, so only this machine may), SMTP only, any login accepted. GreenMail speaks the protocol;
 * its delivery hook hands each message here instead of to a mailbox, and this keeps the newest {@code capacity}
 * of them, so memory stays bounded however long the demo runs.
 */
final class GreenMailCatcher implements MailCatcherPlugin.Catcher {

    static final String LOOPBACK = "127.0.0.1";

    /** What a reader of a caught message wants to see of its headers; the rest is transport detail. */
    static final List<String> SHOWN_HEADERS =
            List.of("Message-ID", "Date", "From", "To", "Cc", "Reply-To", "Subject", "Content-Type");

    private final GreenMail server;
    private final int capacity;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final Deque<CaughtMail> messages = new ArrayDeque<>(); // newest first; guarded by itself

    GreenMailCatcher(int port, int capacity, Clock clock) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the mail catcher's port must be from 0 to 65535, was " + port);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("the mail catcher must keep at least 1 message, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.server = new GreenMail(new ServerSetup(port, LOOPBACK, ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.getUserManager().setMessageDeliveryHandler(this::deliver);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            throw new IllegalStateException("The mail catcher cannot listen on " + LOOPBACK + ":" + port
                    + " (is the port taken? set sluice.mail-catcher.port, 0 for a free one): " + e.getMessage(), e);
        }
    }

    /**
     * GreenMail calls this once per envelope recipient of a message; the message is kept once, at its first
     * recipient, with all of them. Whatever happens here, the sender was answered 250 already for the data.
     */
    private GreenMailUser deliver(MovingMessage message, MailAddress recipient) {
        List<MailAddress> recipients = message.getToAddresses();
        if (!recipients.isEmpty() && recipients.get(0) == recipient) {
            keep(read(String.valueOf(sequence.incrementAndGet()), message));
        }
        return Discard.USER;
    }

    private void keep(CaughtMail mail) {
        synchronized (messages) {
            messages.addFirst(mail);
            while (messages.size() > capacity) {
                messages.removeLast();
            }
        }
    }

    private CaughtMail read(String id, MovingMessage message) {
        String from = message.getReturnPath() == null ? null : message.getReturnPath().getEmail();
        List<String> to = message.getToAddresses().stream().map(MailAddress::getEmail).toList();
        String receivedAt = clock.instant().toString();
        MimeMessage mime = message.getMessage();
        Map<String, String> headers = new LinkedHashMap<>();
        String[] bodies = new String[2];
        String subject = null;
        try {
            for (String name : SHOWN_HEADERS) {
                String value = mime.getHeader(name, ", ");
                if (value != null) {
                    headers.put(name, decoded(value));
                }
            }
            subject = mime.getSubject();
            bodies(mime, bodies);
        } catch (MessagingException | IOException | RuntimeException e) {
            if (bodies[0] == null) {
                bodies[0] = "(the catcher could not read this message: " + e.getMessage() + ")";
            }
        }
        return new CaughtMail(id, receivedAt, from, to, subject, bodies[0], bodies[1], headers);
    }

    private static String decoded(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (IOException e) {
            return value; // an encoded word in a charset this JVM lacks: shown as it came
        }
    }

    /** The first plain-text part into {@code out[0]} and the first HTML part into {@code out[1]}; attachments not. */
    private static void bodies(Part part, String[] out) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                bodies(parts.getBodyPart(i), out);
            }
        } else if (part.isMimeType("text/plain") && out[0] == null) {
            out[0] = text(part);
        } else if (part.isMimeType("text/html") && out[1] == null) {
            out[1] = text(part);
        }
    }

    private static String text(Part part) throws MessagingException, IOException {
        if (part.getContent() instanceof String text) {
            return text;
        }
        String charset = new ContentType(part.getContentType()).getParameter("charset");
        Charset decoding = StandardCharsets.UTF_8;
        try {
            if (charset != null) {
                decoding = Charset.forName(MimeUtility.javaCharset(charset));
            }
        } catch (IllegalArgumentException e) {
            // an unknown charset: UTF-8 shows most of it
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), decoding);
        }
    }

    @Override
    public Caught list() {
        synchronized (messages) {
            return new Caught(LOOPBACK, port(), capacity, List.copyOf(messages));
        }
    }

    @Override
    public CaughtMail get(String id) {
        synchronized (messages) {
            for (CaughtMail mail : messages) {
                if (mail.id().equals(id)) {
                    return mail;
                }
            }
        }
        throw new NotFoundException("The mail catcher holds no message '" + id + "' (it keeps the newest "
                + capacity + ")");
    }

    @Override
    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }

    @Override
    public String host() {
        return LOOPBACK;
    }

    @Override
    public int port() {
        return server.getSmtp().getPort();
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "mail catcher smtp://" + LOOPBACK + ":" + port();
    }

    /** Where GreenMail would store a message; the catcher kept it already, so nothing is stored. */
    private enum Discard implements GreenMailUser {
        USER;

        @Override
        public String getEmail() {
            return "catcher@localhost";
        }

        @Override
        public String getLogin() {
            return "catcher";
        }

        @Override
        public void deliver(MovingMessage msg) {
        }

        @Override
        public void deliver(MimeMessage msg) {
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return "catcher";
        }
    }
}
