package dev.sluice.ports.spi;

import dev.sluice.ports.in.BrowseMail;

/**
 * Provides the mail catcher of the S3 demo: an SMTP server inside Sluice, on the loopback address only, that
 * keeps what it receives in memory for {@link BrowseMail} instead of delivering it. One implementation, found
 * through {@link java.util.ServiceLoader}.
 */
public interface MailCatcherPlugin {

    /**
     * Starts a catcher on {@code 127.0.0.1}.
     *
     * @param port        its SMTP port; 0 takes a free one ({@link Catcher#port()} tells which)
     * @param maxMessages most messages kept; the oldest is dropped for a new one
     * @throws IllegalStateException when it cannot listen there (the port is taken)
     */
    Catcher start(int port, int maxMessages);

    /** A running catcher; {@link #close()} stops it. */
    interface Catcher extends BrowseMail, AutoCloseable {

        /** The address it listens on: {@code 127.0.0.1}. */
        String host();

        /** The port it listens on. */
        int port();

        @Override
        void close();
    }
}
