package dev.sluice.app;

import dev.sluice.ports.in.BrowseMail;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.spi.MailCatcherPlugin;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the S3 notifications' mail goes, and what {@code /api/mail} answers. The rule: the built-in catcher
 * runs when {@code sluice.mail-catcher.enabled} and {@code sluice.notifications.enabled} are true and no SMTP
 * host is configured ({@code SMTP_HOST}, or {@code sluice.notifications.smtp.host}, empty by default); then
 * the mailer sends to it (127.0.0.1, its port, no TLS, no login) and {@link BrowseMail} is the catcher.
 * Otherwise mail goes to the SMTP server (127.0.0.1:25 when no host is given) and {@link BrowseMail} answers
 * that the catcher is off, saying why and where mail goes, which the console shows.
 */
@Factory
public class MailCatcherFactory {

    private static final Logger LOG = LoggerFactory.getLogger(MailCatcherFactory.class);

    /** The catcher, started with the application (so that the log says where it listens) and stopped with it. */
    @Context
    @Bean(preDestroy = "close")
    @Requires(condition = Runs.class)
    MailCatcherPlugin.Catcher mailCatcher(PluginRegistry plugins, MailCatcherProperties settings) {
        if (settings.getMaxMessages() < 1) {
            throw new IllegalStateException(MailCatcherProperties.PREFIX + ".max-messages must be at least 1, was "
                    + settings.getMaxMessages());
        }
        MailCatcherPlugin.Catcher catcher;
        try {
            catcher = plugins.single(MailCatcherPlugin.class).start(settings.getPort(), settings.getMaxMessages());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(MailCatcherProperties.PREFIX + ": " + e.getMessage(), e);
        }
        LOG.info("Mail catcher listening on smtp://{}:{} (loopback only): the notifications' mail is kept there, the "
                + "newest {}, at /api/mail and in the console's Mail panel; set SMTP_HOST to send it to a real server",
                catcher.host(), catcher.port(), settings.getMaxMessages());
        return catcher;
    }

    /** {@code /api/mail} when the catcher does not run: every call answers why, and where mail goes. */
    @Context
    @Requires(condition = DoesNotRun.class)
    BrowseMail mailCatcherOff(PropertyResolver config, Optional<Mailer> mailer) {
        String why = offBecause(config);
        String detail = "The mail catcher is off: " + why
                + mailer.map(m -> "; mail goes to " + m + ".").orElse("; no mail is sent.");
        if (config.getProperty(MailCatcherProperties.PREFIX + ".enabled", Boolean.class).orElse(false)) {
            LOG.info("{}", detail);
        }
        return new Off(detail);
    }

    /** Why the catcher does not run, or null when it does. */
    static String offBecause(PropertyResolver config) {
        if (!config.getProperty(MailCatcherProperties.PREFIX + ".enabled", Boolean.class).orElse(false)) {
            return MailCatcherProperties.PREFIX + ".enabled is false";
        }
        if (!config.getProperty(NotificationsProperties.PREFIX + ".enabled", Boolean.class).orElse(false)) {
            return "the notifications are off (" + NotificationsProperties.PREFIX + ".enabled is false)";
        }
        if (!config.getProperty(NotificationsProperties.PREFIX + ".smtp.host", String.class).orElse("").isBlank()) {
            return "an SMTP host is configured (SMTP_HOST, " + NotificationsProperties.PREFIX + ".smtp.host), and it wins";
        }
        return null;
    }

    /** The catcher runs: see {@link MailCatcherFactory}. */
    public static final class Runs implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return offBecause(context) == null;
        }
    }

    /** The catcher does not run. */
    public static final class DoesNotRun implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return offBecause(context) != null;
        }
    }

    /** {@link BrowseMail} without a catcher: not found, with the reason. */
    private record Off(String detail) implements BrowseMail {
        @Override
        public Caught list() {
            throw new NotFoundException(detail);
        }

        @Override
        public CaughtMail get(String id) {
            throw new NotFoundException(detail);
        }

        @Override
        public void clear() {
            throw new NotFoundException(detail);
        }
    }
}
