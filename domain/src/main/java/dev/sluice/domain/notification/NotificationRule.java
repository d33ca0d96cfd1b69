package dev.sluice.domain.notification;

import dev.sluice.ports.out.Templates;
import dev.sluice.ports.spi.Processor;
import java.util.Objects;

/**
 * A notification rule from configuration: on events of type {@code on}, when {@code condition} keeps
 * the event (a {@code filter} processor over the data, or null for always), render {@code to},
 * {@code subject} and {@code text} with the data and send the mail.
 */
public record NotificationRule(String name, String on, Processor condition, String from, Templates.Template to,
                               Templates.Template subject, Templates.Template text) {
    public NotificationRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
