package dev.sluice.smtp;

import dev.sluice.ports.out.Mailer;
import dev.sluice.ports.spi.MailerPlugin;
import dev.sluice.ports.spi.Options;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Mailer {@code smtp}: {@code host} (default 127.0.0.1), {@code port} (default 465 with {@code tls: smtps},
 * else 25), {@code tls} ({@code none}, {@code starttls} or {@code smtps}), {@code username} and
 * {@code password} (unset: no login), {@code timeout} (default 10s).
 */
public final class SmtpMailerPlugin implements MailerPlugin {

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public Set<String> options() {
        return Set.of("host", "port", "tls", "username", "password", "timeout");
    }

    @Override
    public Mailer open(Map<String, String> settings) {
        String tls = settings.getOrDefault("tls", "none").trim().toUpperCase(Locale.ROOT);
        SmtpMailer.Tls mode;
        try {
            mode = SmtpMailer.Tls.valueOf(tls);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sluice.notifications.smtp.tls must be none, starttls or smtps, was " + tls);
        }
        return new SmtpMailer(settings.getOrDefault("host", "127.0.0.1"),
                Options.integer(settings, "port", mode == SmtpMailer.Tls.SMTPS ? 465 : 25, 1), mode,
                settings.get("username"), settings.get("password"), Options.duration(settings, "timeout", "10s"));
    }
}
