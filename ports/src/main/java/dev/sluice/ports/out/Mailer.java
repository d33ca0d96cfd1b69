package dev.sluice.ports.out;

import java.util.Objects;

/** Sends e-mail (the S3 notifications). Implementations: SMTP. Thread-safe. */
public interface Mailer {

    /**
     * Hands one message to the mail server; returns once the server accepted it.
     *
     * @throws MailException when it did not; {@link MailException#retryable()} tells whether a later
     *                       attempt may succeed (server down, busy) or not (address refused, login refused)
     */
    void send(Mail mail);

    /** One plain-text message. */
    record Mail(String from, String to, String subject, String text) {
        public Mail {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
        }
    }

    /** The server did not accept a message; the message says why without credentials. */
    class MailException extends RuntimeException {
        private final boolean retryable;

        public MailException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
