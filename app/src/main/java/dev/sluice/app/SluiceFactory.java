package dev.sluice.app;

import dev.sluice.domain.masterdata.MasterDataIngestion;
import dev.sluice.domain.route.LogSinkPlugin;
import dev.sluice.domain.route.RouteEngine;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.spi.BrokerPlugin;
import dev.sluice.transform.JacksonJsonCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the domain to the adapters chosen by configuration. The only place that knows them all. */
@Factory
public class SluiceFactory {

    /** The broker named by {@code sluice.broker}, started eagerly so a bad name fails start-up. */
    @Context
    @Bean(preDestroy = "close")
    BrokerPlugin.Broker broker(SluiceProperties sluice, PluginRegistry plugins, Environment env) {
        String name = sluice.getBroker().trim().toLowerCase(java.util.Locale.ROOT);
        BrokerPlugin plugin = plugins.broker(name);
        return plugin.start(settings(env, "sluice." + name));
    }

    @Singleton
    EventLog eventLog(BrokerPlugin.Broker broker) {
        return broker.eventLog();
    }

    @Singleton
    DeadLetters deadLetters(BrokerPlugin.Broker broker) {
        return broker.deadLetters();
    }

    @Singleton
    IngestMasterData ingestMasterData(EventLog log, IngestProperties ingest) {
        return new MasterDataIngestion(log, new JacksonJsonCodec(), Clock.systemUTC(), ingest.getTopic(),
                ingest.getMaxBatch());
    }

    @Context
    @Bean(preDestroy = "close")
    RouteEngine routeEngine(List<RouteProperties> routes, PluginRegistry plugins, Environment env, EventLog log,
                            DeadLetters deadLetters) {
        PluginRegistry withLog = plugins.withSink(new LogSinkPlugin(log));
        return new RouteEngine(RouteAssembly.routes(routes, withLog, env), log, deadLetters, Thread::sleep,
                () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC(), null);
    }

    /** Flat settings below {@code prefix}, such as {@code data-dir} for {@code sluice.embedded.data-dir}. */
    static Map<String, String> settings(Environment env, String prefix) {
        Map<String, String> out = new TreeMap<>();
        flatten("", env.getProperties(prefix, StringConvention.RAW), out);
        return out;
    }

    private static void flatten(String path, Map<?, ?> in, Map<String, String> out) {
        in.forEach((k, v) -> {
            String key = path.isEmpty() ? String.valueOf(k) : path + "." + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key, nested, out);
            } else if (v != null && !String.valueOf(v).isEmpty()) {
                out.put(key, String.valueOf(v));
            }
        });
    }
}
