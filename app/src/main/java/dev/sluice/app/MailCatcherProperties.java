package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The mail catcher of the S3 demo, under {@value #PREFIX}: an SMTP server inside Sluice, on 127.0.0.1 only,
 * that keeps the notifications' mail for {@code /api/mail} and the console's Mail panel instead of delivering
 * it. It runs when {@code enabled}, the notifications are on, and no SMTP host is configured
 * ({@code SMTP_HOST} or {@code sluice.notifications.smtp.host}): an SMTP host always wins.
 */
@ConfigurationProperties(MailCatcherProperties.PREFIX)
public class MailCatcherProperties {

    public static final String PREFIX = "sluice.mail-catcher";

    private boolean enabled;
    private int port = 2525;
    private int maxMessages = 500;

    /** Turns the catcher on (it still yields to a configured SMTP host). Default false; true in the demo. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Its SMTP port on 127.0.0.1; 0 takes a free one (the start-up log names it). Default 2525. */
    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** Most messages it keeps; the oldest is dropped for a new one. Default 500. */
    public int getMaxMessages() {
        return maxMessages;
    }

    public void setMaxMessages(int maxMessages) {
        this.maxMessages = maxMessages;
    }
}
