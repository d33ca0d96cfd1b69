package dev.sluice.amqp;

import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.ClientOptions;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.exceptions.ClientException;

/**
 * An AMQP 1.0 peer (Apache Qpid protonj2). Bare names such as the S2 seed's {@code EXTERNAL} are queues:
 * with {@code declare-queue: true} (the default) the queue is declared durable on RabbitMQ first and
 * addressed through it; an address that starts with {@code /} is used as written.
 */
final class Amqp1Client {

    private static final Client CLIENT = Client.create(new ClientOptions().id("sluice"));

    private final AmqpEndpoint endpoint;
    private final String configuredAddress;
    private final boolean declareQueue;
    private volatile String resolved;

    Amqp1Client(AmqpEndpoint endpoint, String address, boolean declareQueue) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("an AMQP 1.0 address is required");
        }
        this.endpoint = endpoint;
        this.configuredAddress = address.trim();
        this.declareQueue = declareQueue && !configuredAddress.startsWith("/");
    }

    Connection connect() throws ClientException {
        ConnectionOptions o = new ConnectionOptions()
                .user(endpoint.username())
                .password(endpoint.password())
                .sslEnabled(endpoint.tls())
                .openTimeout(5, TimeUnit.SECONDS)
                .requestTimeout(10, TimeUnit.SECONDS);
        o.saslOptions().addAllowedMechanism("PLAIN");
        if (!endpoint.vhost().equals("/")) {
            o.virtualHost("vhost:" + endpoint.vhost());
        }
        return CLIENT.connect(endpoint.host(), endpoint.port(), o);
    }

    /** The address to attach to, declaring its durable queue the first time when asked to. */
    String address() throws Exception {
        String a = resolved;
        if (a == null) {
            a = declareQueue ? RabbitQueues.declareDurable(endpoint, configuredAddress) : configuredAddress;
            resolved = a;
        }
        return a;
    }

    String configuredAddress() {
        return configuredAddress;
    }

    String describe() {
        return configuredAddress + " @ " + endpoint;
    }

    /**
     * Why a connection failed, for a route's waiting state: a peer that answers with another protocol's
     * header (RabbitMQ without its AMQP 1.0 plugin answers AMQP 0-9-1's) is named as such, with the fix.
     */
    static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.qpid.protonj2.engine.exceptions.MalformedAMQPHeaderException) {
                return "the peer does not speak AMQP 1.0 (RabbitMQ: rabbitmq-plugins enable rabbitmq_amqp1_0)";
            }
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
