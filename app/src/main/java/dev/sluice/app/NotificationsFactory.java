package dev.sluice.app;

import dev.sluice.engine.commerce.CommerceService;
import dev.sluice.domain.notification.NotificationRule;
import dev.sluice.engine.notification.NotificationService;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.out.Templates;
import dev.sluice.ports.spi.MailCatcherPlugin;
import dev.sluice.ports.spi.MailerPlugin;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wires the S3 notifications when {@code sluice.notifications.enabled} is true (and the commerce domain
 * is on): the mailer plugin {@code smtp} with its settings from {@code sluice.notifications.smtp.*} (or to the
 * mail catcher, when it runs), the rules, the service.
 */
@Factory
@Requires(property = "sluice.notifications.enabled", value = "true")
public class NotificationsFactory {

    /** The one mailer; its settings are under {@code sluice.notifications.smtp}. */
    static final String SMTP = "smtp";

    /**
     * The mailer {@code smtp}, with its settings from {@code sluice.notifications.smtp}; or, when the mail catcher
     * runs (no SMTP host configured, see {@link MailCatcherFactory}), to the catcher: its address and port, no TLS,
     * no login.
     */
    @Context
    Mailer mailer(PluginRegistry plugins, Environment env, Optional<MailCatcherPlugin.Catcher> catcher) {
        MailerPlugin smtp = plugins.mailer(SMTP);
        Map<String, String> settings = SluiceFactory.declared(
                SluiceFactory.settings(env, NotificationsProperties.PREFIX + "." + SMTP), smtp.options());
        if (catcher.isPresent()) {
            settings = SluiceFactory.settingsOf("host", catcher.get().host(), "port", catcher.get().port(),
                    "timeout", settings.get("timeout"));
        }
        try {
            return smtp.open(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Context
    @Bean(preDestroy = "close")
    NotificationService notifications(List<NotificationRuleProperties> declared, PluginRegistry plugins,
                                      NotificationsProperties notifications, NotificationsProperties.Retry retrySettings,
                                      CommerceService commerce, EventLog log, LatestValues tables,
                                      Mailer mailer, CommerceProperties commerceProperties, Templates templates,
                                      JsonCodec json) {
        String defaultFrom = notifications.getFrom();
        List<NotificationRule> rules = new ArrayList<>();
        for (NotificationRuleProperties p : declared) {
            String where = "notification rule '" + p.getName() + "' (sluice.notifications.rules." + p.getName() + ")";
            try {
                rules.add(new NotificationRule(p.getName(), required(p.getOn(), "on"),
                        p.getWhen() == null || p.getWhen().isBlank() ? null
                                : plugins.processor("filter", where).create(p.getWhen()),
                        p.getFrom() == null ? defaultFrom : p.getFrom(),
                        templates.compile(p.getName() + ".to", required(p.getTo(), "to")),
                        templates.compile(p.getName() + ".subject", required(p.getSubject(), "subject")),
                        templates.compile(p.getName() + ".template", required(p.getTemplate(), "template"))));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        if (retrySettings.getMaxAttempts() < 1) {
            throw new IllegalStateException("sluice.notifications.retry.max-attempts must be at least 1, was "
                    + retrySettings.getMaxAttempts());
        }
        RetryPolicy retry = new RetryPolicy(retrySettings.getBaseDelay(), retrySettings.getMaxDelay(),
                retrySettings.getMaxAttempts(), java.time.Duration.ofMinutes(1));
        NotificationService service = new NotificationService(rules, commerce, log, tables, json,
                mailer, retry, Thread::sleep, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC(),
                commerceProperties.getTopicPrefix(), commerceProperties.getAckTimeout());
        service.start();
        return service;
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is required");
        }
        return value;
    }
}
