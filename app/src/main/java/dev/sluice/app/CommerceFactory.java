package dev.sluice.app;

import dev.sluice.engine.commerce.CommerceService;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.spi.BrokerPlugin;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import java.time.Clock;
import java.util.UUID;

/** Wires scenario S3 when {@code sluice.commerce.enabled} is true. */
@Factory
@Requires(property = "sluice.commerce.enabled", value = "true")
public class CommerceFactory {

    /**
     * The latest-value tables: the broker's own ({@code broker}), or the tables plugin of that name
     * ({@code redis}: Redis hashes fed from the log, at {@code redis-uri}).
     */
    @Context
    @Bean(preDestroy = "close")
    LatestValues latestValues(CommerceProperties commerce, BrokerPlugin.Broker broker, EventLog log,
                              PluginRegistry plugins) {
        String name = commerce.getTables().trim().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("broker")) {
            return new BorrowedTables(broker.latestValues());
        }
        return plugins.tables(name, log, SluiceFactory.settingsOf("uri", commerce.getRedisUri(),
                "key-prefix", commerce.getRedisKeyPrefix()));
    }

    /** Started with the context, so a broker without tables fails start-up, and the tables rebuild at once. */
    @Context
    @Bean(preDestroy = "close")
    CommerceService commerce(CommerceProperties commerce, EventLog log, LatestValues tables, JsonCodec json) {
        CommerceService service = new CommerceService(log, tables, json, Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), commerce.getTopicPrefix(), commerce.getAckTimeout());
        service.start();
        return service;
    }

    /** The broker's tables: the broker closes them, not this bean. */
    private record BorrowedTables(LatestValues tables) implements LatestValues {
        @Override
        public Table table(String topic) {
            return tables.table(topic);
        }

        @Override
        public void close() {}
    }
}
