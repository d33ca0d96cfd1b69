package dev.sluice.amqp;

import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import dev.sluice.ports.spi.Source;
import dev.sluice.ports.spi.SourcePlugin;
import java.util.Map;

/**
 * Source and sink {@code amqp1}: AMQP 1.0 addresses. Options: {@code url} (default amqp://127.0.0.1:5672),
 * {@code username}, {@code password} (from placeholders such as {@code ${AMQP_PASSWORD}}),
 * {@code declare-queue} (default true: a bare address is a durable RabbitMQ queue), a sink's
 * {@code address} and {@code timeout} (default 10s), a source's {@code credit} (default 16).
 */
public final class Amqp1Plugins {

    private Amqp1Plugins() {}

    private static boolean declare(Map<String, String> options) {
        return Boolean.parseBoolean(options.getOrDefault("declare-queue", "true").trim());
    }

    /** Sink {@code amqp1}. */
    public static final class SinkProvider implements SinkPlugin {
        @Override
        public String name() {
            return "amqp1";
        }

        @Override
        public java.util.Set<String> options() {
            return java.util.Set.of("url", "username", "password", "address", "declare-queue", "timeout");
        }

        @Override
        public Sink open(Map<String, String> options) {
            String address = Options.required(options, "address", "sink 'amqp1'");
            return new Amqp1Sink(new Amqp1Client(AmqpEndpoint.from(options, "sink 'amqp1'"), address, declare(options)),
                    Options.duration(options, "timeout", "10s"));
        }
    }

    /** Source {@code amqp1}: the route's {@code from} is the address. */
    public static final class SourceProvider implements SourcePlugin {
        @Override
        public String name() {
            return "amqp1";
        }

        @Override
        public java.util.Set<String> options() {
            return java.util.Set.of("url", "username", "password", "declare-queue", "credit");
        }

        @Override
        public Source open(String address, Map<String, String> options) {
            return new Amqp1Source(new Amqp1Client(AmqpEndpoint.from(options, "source 'amqp1'"), address,
                    declare(options)), Options.integer(options, "credit", 16, 1));
        }
    }
}
