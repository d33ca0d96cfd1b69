package dev.sluice.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * E-mail notifications (scenario S3), under {@value #PREFIX}; off unless {@code enabled}. The rules are
 * {@link NotificationRuleProperties}; the retry of a mail that could not be sent is the nested
 * {@link Retry}. The SMTP server's settings, under {@code sluice.notifications.smtp}, are the options of
 * the mailer plugin {@code smtp} (like a broker's under {@code sluice.<broker>}).
 */
@ConfigurationProperties(NotificationsProperties.PREFIX)
public class NotificationsProperties {

    public static final String PREFIX = "sluice.notifications";

    private boolean enabled;
    private String from = "sluice@localhost";

    /** Turns the notifications on; they need {@code sluice.commerce.enabled}. Default false. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Sender of a rule without its own {@code from} (SLUICE_MAIL_FROM). Default {@code sluice@localhost}. */
    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    /** How a mail that could not be sent is tried again, under {@code sluice.notifications.retry}. */
    @ConfigurationProperties("retry")
    public static class Retry {

        private Duration baseDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofMinutes(1);
        private int maxAttempts = 5;

        /** Wait before the first retry, doubling after each. Default 1s. */
        public Duration getBaseDelay() {
            return baseDelay;
        }

        public void setBaseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        /** Longest wait between attempts. Default 1m. */
        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        /** Attempts in all, the first included, before the mail is recorded as failed. Default 5. */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }
}
