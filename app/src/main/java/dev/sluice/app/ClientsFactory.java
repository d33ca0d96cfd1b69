package dev.sluice.app;

import dev.sluice.engine.clients.ClientStreamRouting;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.spi.ClientStreamsPlugin;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires scenario S5 when {@code sluice.clients.enabled} is true. */
@Factory
@Requires(property = "sluice.clients.enabled", value = "true")
public class ClientsFactory {

    /** The client streams {@code redis}, at {@code redis-uri}. */
    @Singleton
    @Bean(preDestroy = "close")
    ClientStreamsPlugin.Streams clientStreams(ClientsProperties clients, PluginRegistry plugins) {
        return plugins.clientStreams("redis", SluiceFactory.settingsOf("uri", clients.getRedisUri(),
                "key-prefix", clients.getKeyPrefix(), "max-length", clients.getMaxLength()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    ClientStreamRouting clientStreamRouting(EventLog log, ClientStreamsPlugin.Streams streams, ClientsProperties clients,
                                            JsonCodec json) {
        return new ClientStreamRouting(log, streams, json, Clock.systemUTC(), clients.getTopic(),
                clients.getGroup(), clients.getTtl(), clients.getDemoIds(), clients.getClientIdField());
    }

    /** Starts forwarding once the server listens. */
    @Singleton
    @Requires(property = "sluice.clients.enabled", value = "true")
    static final class Starter {
        private final ClientStreamRouting routing;

        Starter(ClientStreamRouting routing) {
            this.routing = routing;
        }

        @EventListener
        void onStartup(ServerStartupEvent event) {
            routing.start();
        }
    }
}
