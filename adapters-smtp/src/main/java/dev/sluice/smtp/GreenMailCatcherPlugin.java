package dev.sluice.smtp;

import dev.sluice.ports.spi.MailCatcherPlugin;
import java.time.Clock;

/** The mail catcher on GreenMail ({@link GreenMailCatcher}). */
public final class GreenMailCatcherPlugin implements MailCatcherPlugin {

    @Override
    public Catcher start(int port, int maxMessages) {
        return new GreenMailCatcher(port, maxMessages, Clock.systemUTC());
    }
}
