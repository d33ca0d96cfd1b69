package dev.sluice.app;

import dev.sluice.engine.commerce.CommerceService;
import dev.sluice.domain.notification.NotificationRule;
import dev.sluice.engine.notification.NotificationService;
import dev.sluice.domain.route.RetryPolicy;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.out.Templates;
import dev.sluice.ports.spi.Options;
import dev.sluice.smtp.SmtpMailer;
import dev.sluice.transform.JacksonJsonCodec;
import dev.sluice.transform.MustacheTemplates;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wires the S3 notifications when {@code sluice.notifications.enabled} is true (and the commerce domain
 * is on): the SMTP mailer from {@code sluice.notifications.smtp.*}, the rules, the service.
 */
@Factory
@Requires(property = "sluice.notifications.enabled", value = "true")
public class NotificationsFactory {

    @Context
    Mailer mailer(Environment env) {
        Map<String, String> smtp = SluiceFactory.settings(env, "sluice.notifications.smtp");
        String tls = smtp.getOrDefault("tls", "none").trim().toUpperCase(java.util.Locale.ROOT);
        SmtpMailer.Tls mode;
        try {
            mode = SmtpMailer.Tls.valueOf(tls);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sluice.notifications.smtp.tls must be none, starttls or smtps, was " + tls);
        }
        return new SmtpMailer(smtp.getOrDefault("host", "127.0.0.1"),
                Options.integer(smtp, "port", mode == SmtpMailer.Tls.SMTPS ? 465 : 25, 1), mode,
                smtp.get("username"), smtp.get("password"), Options.duration(smtp, "timeout", "10s"));
    }

    @Context
    @Bean(preDestroy = "close")
    NotificationService notifications(List<NotificationRuleProperties> declared, PluginRegistry plugins,
                                      Environment env, CommerceService commerce, EventLog log, LatestValues tables,
                                      Mailer mailer, CommerceProperties commerceProperties) {
        Templates templates = new MustacheTemplates();
        String defaultFrom = env.getProperty("sluice.notifications.from", String.class).orElse("sluice@localhost");
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
        Map<String, String> r = SluiceFactory.settings(env, "sluice.notifications.retry");
        RetryPolicy retry = new RetryPolicy(Options.duration(r, "base-delay", "1s"), Options.duration(r, "max-delay", "1m"),
                Options.integer(r, "max-attempts", 5, 1), java.time.Duration.ofMinutes(1));
        NotificationService service = new NotificationService(rules, commerce, log, tables, new JacksonJsonCodec(),
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
