package dev.sluice.app;

import dev.sluice.engine.commerce.CommerceService;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.spi.BrokerPlugin;
import dev.sluice.redis.RedisLatestValues;
import dev.sluice.transform.JacksonJsonCodec;
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

    /** The latest-value tables: the broker's own, or Redis hashes fed from the log. */
    @Context
    @Bean(preDestroy = "close")
    LatestValues latestValues(CommerceProperties commerce, BrokerPlugin.Broker broker, EventLog log) {
        return switch (commerce.getTables().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "broker" -> new BorrowedTables(broker.latestValues());
            case "redis" -> RedisLatestValues.connect(log, commerce.getRedisUri(), commerce.getRedisKeyPrefix());
            default -> throw new IllegalStateException("sluice.commerce.tables must be broker or redis, was '"
                    + commerce.getTables() + "'");
        };
    }

    /** Started with the context, so a broker without tables fails start-up, and the tables rebuild at once. */
    @Context
    @Bean(preDestroy = "close")
    CommerceService commerce(CommerceProperties commerce, EventLog log, LatestValues tables) {
        CommerceService service = new CommerceService(log, tables, new JacksonJsonCodec(), Clock.systemUTC(),
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
