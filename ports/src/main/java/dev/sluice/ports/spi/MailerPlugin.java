package dev.sluice.ports.spi;

import dev.sluice.ports.out.Mailer;
import java.util.Map;
import java.util.Set;

/**
 * Provides the {@link Mailer} of the S3 notifications under a name ({@code smtp}), whose settings are
 * under {@code sluice.notifications.<name>}. Found through {@link java.util.ServiceLoader}.
 */
public interface MailerPlugin {
    String name();

    /** The setting names {@link #open} reads; any other fails start-up naming it. */
    Set<String> options();

    /**
     * @param settings flat settings, such as {@code host} or {@code password}
     * @throws IllegalArgumentException when a setting is invalid (the message never holds a secret)
     */
    Mailer open(Map<String, String> settings);
}
