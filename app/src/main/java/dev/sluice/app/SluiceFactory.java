package dev.sluice.app;

import dev.sluice.engine.audit.AuditLog;
import dev.sluice.engine.masterdata.MasterDataIngestion;
import dev.sluice.engine.route.LogSinkPlugin;
import dev.sluice.engine.route.ManagedRoutes;
import dev.sluice.engine.route.RouteEngine;
import dev.sluice.ports.in.IngestMasterData;
import dev.sluice.ports.out.DeadLetters;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.out.Templates;
import dev.sluice.ports.spi.BrokerPlugin;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the engine to the adapters chosen by configuration, by name. The only place that knows them all. */
@Factory
public class SluiceFactory {

    /**
     * The broker named by {@code sluice.broker}, started eagerly so a bad name fails start-up, and only
     * after {@link StrictConfiguration} found no unknown key.
     */
    @Context
    @Bean(preDestroy = "close")
    BrokerPlugin.Broker broker(StrictConfiguration checked, SluiceProperties sluice, PluginRegistry plugins,
                               Environment env) {
        String name = sluice.getBroker().trim().toLowerCase(java.util.Locale.ROOT);
        BrokerPlugin plugin = plugins.broker(name);
        return plugin.start(declared(settings(env, "sluice." + name), plugin.options()));
    }

    /** Settings for a plugin from typed properties, leaving out what is not set. */
    static Map<String, String> settingsOf(Object... nameValuePairs) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (nameValuePairs[i + 1] != null) {
                out.put(String.valueOf(nameValuePairs[i]), String.valueOf(nameValuePairs[i + 1]));
            }
        }
        return out;
    }

    /**
     * Only the names a plugin declares: the others come from environment variables, which
     * {@link StrictConfiguration} leaves alone because any variable may look like a setting
     * ({@code SLUICE_EMBEDDED_KAFKA_PORT} as {@code sluice.embedded.kafka-port}); every other source had
     * its unknown names refused already.
     */
    static Map<String, String> declared(Map<String, String> settings, Set<String> options) {
        if (options == null) {
            return settings;
        }
        Map<String, String> out = new TreeMap<>(settings);
        out.keySet().removeIf(key -> !dev.sluice.ports.spi.Options.admits(options, key));
        return out;
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
    JsonCodec jsonCodec(PluginRegistry plugins) {
        return plugins.single(JsonCodec.class);
    }

    @Singleton
    Templates templates(PluginRegistry plugins) {
        return plugins.single(Templates.class);
    }

    @Singleton
    IngestMasterData ingestMasterData(EventLog log, IngestProperties ingest, JsonCodec json) {
        return new MasterDataIngestion(log, json, Clock.systemUTC(), ingest.getTopic(), ingest.getMaxBatch());
    }

    /**
     * The audit trail of admin actions, read back from its topic so that earlier runs' entries show; made at
     * start-up, so that no request waits for it (or fails with it while the broker is down).
     */
    @Context
    @Bean(preDestroy = "close")
    AuditLog auditTrail(EventLog log, JsonCodec json,
                        @io.micronaut.context.annotation.Value("${sluice.security.audit-topic:sluice.audit}") String topic) {
        AuditLog audit = new AuditLog(log, json, topic, 1000);
        audit.start();
        return audit;
    }

    @Context
    @Bean(preDestroy = "close")
    RouteEngine routeEngine(List<RouteProperties> routes, PluginRegistry plugins, Environment env, EventLog log,
                            DeadLetters deadLetters, WebhooksProperties webhooks,
                            Optional<BookstoreFactory.BookstoreCdc> bookstoreCdc) {
        Map<String, Map<String, Object>> more = bookstoreCdc.map(BookstoreFactory.BookstoreCdc::routes).orElse(Map.of());
        return new RouteEngine(RouteAssembly.routes(routes, more, routePlugins(plugins, log, webhooks), env), log, deadLetters,
                Thread::sleep,
                () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC(), null);
    }

    /**
     * The plugins routes are built with: the {@code log} sink on the started broker, and the {@code webhook} sink
     * with {@code sluice.webhooks} (the networks every webhook may reach), for routes of configuration and of the
     * API alike.
     */
    private static PluginRegistry routePlugins(PluginRegistry plugins, EventLog log, WebhooksProperties webhooks) {
        return plugins.withSink(new LogSinkPlugin(log)).withSourceLog(log)
                .withSinkSettings("webhook", WebhooksProperties.PREFIX, webhooks.settings());
    }

    /**
     * Routes made at run time: read back from the log before the server listens, so that they start with the
     * routes of configuration ({@link RouteStarter}) and {@code /api/routes} lists them from the first request.
     */
    @Context
    @Bean(preDestroy = "close")
    ManagedRoutes managedRoutes(RouteEngine engine, PluginRegistry plugins, EventLog log, JsonCodec json,
                                ManagedRoutesProperties properties, WebhooksProperties webhooks) {
        ManagedRoutes managed = new ManagedRoutes(engine, RouteAssembly.atRunTime(routePlugins(plugins, log, webhooks)),
                log, json, properties.getTopic(), Clock.systemUTC(), properties.getTimeout());
        managed.start();
        return managed;
    }

    /**
     * Flat settings below {@code prefix}, such as {@code data-dir} for {@code sluice.embedded.data-dir}, from
     * every property source, environment variables included. A plugin reads kebab-case names
     * ({@code key-prefix}) and {@code client.} plus a dotted Kafka client property ({@code client.linger.ms}).
     *
     * <p>The raw names hold only what the configuration files and system properties spell out; environment
     * variables appear as Micronaut's candidate names in the hyphenated convention, every mix of dots and
     * hyphens ({@code SLUICE_REDIS_KEY_PREFIX}: {@code key.prefix} and {@code key-prefix}). So the names are
     * the raw ones (verbatim, as client properties must be) plus the canonical form of each hyphenated one,
     * and each value is looked up by its full name, where Micronaut applies the sources' precedence
     * (environment over application.yml). A canonical name nothing defines (a raw {@code client.fooBar}
     * folded to {@code client.foo.bar}) resolves to nothing and is left out.
     */
    static Map<String, String> settings(Environment env, String prefix) {
        Set<String> names = new TreeSet<>();
        collectKeys("", env.getProperties(prefix, StringConvention.RAW), names);
        Set<String> hyphenated = new TreeSet<>();
        collectKeys("", env.getProperties(prefix, StringConvention.HYPHENATED), hyphenated);
        hyphenated.forEach(key -> names.add(canonical(key)));
        Map<String, String> out = new TreeMap<>();
        for (String name : names) {
            env.getProperty(prefix + "." + name, String.class)
                    .filter(value -> !value.isEmpty())
                    .ifPresent(value -> out.put(name, value));
        }
        return out;
    }

    /** {@code client.} and the rest dotted for a client property, else the words joined by hyphens. */
    static String canonical(String key) {
        String[] words = key.split("[.-]");
        if (words.length > 1 && words[0].equals("client")) {
            return "client." + String.join(".", Arrays.asList(words).subList(1, words.length));
        }
        return String.join("-", words);
    }

    private static void collectKeys(String path, Map<?, ?> in, Set<String> out) {
        in.forEach((k, v) -> {
            String key = path.isEmpty() ? String.valueOf(k) : path + "." + k;
            if (v instanceof Map<?, ?> nested) {
                collectKeys(key, nested, out);
            } else {
                out.add(key);
            }
        });
    }
}
