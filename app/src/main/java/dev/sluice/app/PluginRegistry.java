package dev.sluice.app;

import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.LatestValues;
import dev.sluice.ports.spi.BrokerPlugin;
import dev.sluice.ports.spi.ClientStreamsPlugin;
import dev.sluice.ports.spi.MailerPlugin;
import dev.sluice.ports.spi.Options;
import dev.sluice.ports.spi.ProcessorPlugin;
import dev.sluice.ports.spi.Sink;
import dev.sluice.ports.spi.SinkPlugin;
import dev.sluice.ports.spi.Source;
import dev.sluice.ports.spi.SourcePlugin;
import dev.sluice.ports.spi.SqlTablesPlugin;
import dev.sluice.ports.out.SqlTables;
import dev.sluice.ports.spi.TablesPlugin;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every port implementation, found through {@link ServiceLoader} ({@code META-INF/services}) and nowhere
 * else: plugins by the name configuration gives, and the ports that have one implementation and no
 * settings ({@link #single}). A name provided twice, or asked for but provided by nobody, fails start-up
 * with a message that lists what exists; so does an option a plugin does not declare, naming plugin,
 * option and the valid ones.
 */
@Singleton
public class PluginRegistry {

    private final Map<String, BrokerPlugin> brokers;
    private final Map<String, ProcessorPlugin> processors;
    private final Map<String, SinkPlugin> sinks;
    private final Map<String, SourcePlugin> sources;
    private final Map<String, MailerPlugin> mailers;
    private final Map<String, TablesPlugin> tables;
    private final Map<String, ClientStreamsPlugin> clientStreams;
    private final Map<String, SqlTablesPlugin> sqlTables;
    private final EventLog sourceLog; // what sources keep their position on; null until the broker started

    public PluginRegistry() {
        this.brokers = index("broker", BrokerPlugin.class, BrokerPlugin::name);
        this.processors = index("processor", ProcessorPlugin.class, ProcessorPlugin::name);
        this.sinks = index("sink", SinkPlugin.class, SinkPlugin::name);
        this.sources = index("source", SourcePlugin.class, SourcePlugin::name);
        this.mailers = index("mailer", MailerPlugin.class, MailerPlugin::name);
        this.tables = index("tables", TablesPlugin.class, TablesPlugin::name);
        this.clientStreams = index("client streams", ClientStreamsPlugin.class, ClientStreamsPlugin::name);
        this.sqlTables = index("sql tables", SqlTablesPlugin.class, SqlTablesPlugin::name);
        this.sourceLog = null;
    }

    private PluginRegistry(PluginRegistry base, Map<String, SinkPlugin> sinks) {
        this(base, sinks, base.sourceLog);
    }

    private PluginRegistry(PluginRegistry base, Map<String, SinkPlugin> sinks, EventLog sourceLog) {
        this.brokers = base.brokers;
        this.processors = base.processors;
        this.sinks = sinks;
        this.sources = base.sources;
        this.mailers = base.mailers;
        this.tables = base.tables;
        this.clientStreams = base.clientStreams;
        this.sqlTables = base.sqlTables;
        this.sourceLog = sourceLog;
    }

    /** This registry with the started broker's log, which sources keep their position on ({@link SourcePlugin.Context}). */
    public PluginRegistry withSourceLog(EventLog log) {
        return new PluginRegistry(this, sinks, log);
    }

    /** Opens the SQL tables of the named database plugin ({@code postgres}) with its settings. */
    public SqlTables sqlTables(String name, String where, Map<String, String> settings) {
        SqlTablesPlugin plugin = find("sql tables", where, sqlTables, name);
        Options.check(settings, plugin.options(), "sql tables '" + plugin.name() + "'");
        return plugin.open(settings);
    }

    /**
     * This registry plus a sink that needs the started broker (the {@code log} sink), which therefore
     * cannot be a plugin found before the broker starts.
     */
    public PluginRegistry withSink(SinkPlugin sink) {
        Map<String, SinkPlugin> more = new LinkedHashMap<>(sinks);
        if (more.putIfAbsent(sink.name().toLowerCase(java.util.Locale.ROOT), sink) != null) {
            throw new IllegalStateException("Two sink plugins are named '" + sink.name() + "'");
        }
        return new PluginRegistry(this, more);
    }

    /**
     * This registry with the named sink plugin configured by its Sluice-wide settings ({@link SinkPlugin#configure});
     * a sink nobody provides is left alone, and a setting it refuses fails start-up naming {@code where}.
     */
    public PluginRegistry withSinkSettings(String name, String where, Map<String, String> settings) {
        SinkPlugin plugin = sinks.get(name);
        if (plugin == null || settings.isEmpty()) {
            return this;
        }
        Map<String, SinkPlugin> configured = new LinkedHashMap<>(sinks);
        try {
            configured.put(name, plugin.configure(settings));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
        return new PluginRegistry(this, configured);
    }

    public BrokerPlugin broker(String name) {
        return find("broker", "sluice.broker (SLUICE_BROKER)", brokers, name);
    }

    /** Every broker's declared settings by its name, which is also its section {@code sluice.<name>}. */
    public Map<String, Set<String>> brokerOptions() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        brokers.forEach((name, plugin) -> out.put(name, plugin.options()));
        return out;
    }

    public MailerPlugin mailer(String name) {
        return find("mailer", "sluice.notifications", mailers, name);
    }

    /** Every mailer's declared settings by its name, which is also its section {@code sluice.notifications.<name>}. */
    public Map<String, Set<String>> mailerOptions() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        mailers.forEach((name, plugin) -> out.put(name, plugin.options()));
        return out;
    }

    /**
     * Opens the tables named by {@code sluice.commerce.tables}; {@code broker}, the broker's own, is not a
     * plugin and is the caller's to handle, but is listed among the valid names.
     */
    public LatestValues tables(String name, EventLog log, Map<String, String> settings) {
        TablesPlugin plugin = tables.get(name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT));
        if (plugin == null) {
            Set<String> valid = new TreeSet<>(tables.keySet());
            valid.add("broker");
            throw new IllegalStateException("Unknown tables '" + name + "' in sluice.commerce.tables"
                    + " (SLUICE_COMMERCE_TABLES); valid: " + String.join(", ", valid));
        }
        Options.check(settings, plugin.options(), "tables '" + plugin.name() + "'");
        return plugin.open(log, settings);
    }

    public ClientStreamsPlugin.Streams clientStreams(String name, Map<String, String> settings) {
        ClientStreamsPlugin plugin = find("client streams", "sluice.clients", clientStreams, name);
        Options.check(settings, plugin.options(), "client streams '" + plugin.name() + "'");
        return plugin.open(settings);
    }

    /**
     * The one implementation of a port that has no settings and no choice ({@code JsonCodec},
     * {@code Templates}), itself the service in {@code META-INF/services}; none or two fail start-up.
     */
    public <T> T single(Class<T> port) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(port).forEach(found::add);
        if (found.size() != 1) {
            throw new IllegalStateException("Exactly one " + port.getSimpleName() + " must be on the classpath"
                    + " (META-INF/services/" + port.getName() + "), found "
                    + (found.isEmpty() ? "none" : found.stream().map(o -> o.getClass().getName()).toList()));
        }
        return found.get(0);
    }

    public ProcessorPlugin processor(String name, String where) {
        return find("processor", where, processors, name);
    }

    /** The option names the named sink declares (null: it declares none and takes any). */
    public Set<String> sinkOptions(String name, String where) {
        return find("sink", where, sinks, name).options();
    }

    /** The option names the named source declares (null: it declares none and takes any). */
    public Set<String> sourceOptions(String name, String where) {
        return find("source", where, sources, name).options();
    }

    /** Opens the named sink with the route's options, refusing options it does not declare. */
    public Sink openSink(String name, String where, Map<String, String> options) {
        SinkPlugin plugin = find("sink", where, sinks, name);
        Options.check(options, plugin.options(), "sink '" + plugin.name() + "'");
        return plugin.open(options);
    }

    /** Opens the named source on {@code address} for {@code route}, refusing options it does not declare. */
    public Source openSource(String name, String where, String route, String address, Map<String, String> options) {
        SourcePlugin plugin = find("source", where, sources, name);
        Options.check(options, plugin.options(), "source '" + plugin.name() + "'");
        return plugin.open(address, options, new SourcePlugin.Context(route, sourceLog));
    }

    private static <T> T find(String kind, String where, Map<String, T> plugins, String name) {
        T plugin = name == null ? null : plugins.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (plugin == null) {
            throw new IllegalStateException("Unknown " + kind + " '" + name + "' in " + where + "; valid " + kind
                    + "s: " + String.join(", ", new TreeSet<>(plugins.keySet())));
        }
        return plugin;
    }

    private static <T> Map<String, T> index(String kind, Class<T> type, Function<T, String> nameOf) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T plugin : ServiceLoader.load(type)) {
            String name = nameOf.apply(plugin).toLowerCase(java.util.Locale.ROOT);
            T previous = out.putIfAbsent(name, plugin);
            if (previous != null && previous.getClass() != plugin.getClass()) {
                throw new IllegalStateException("Two " + kind + " plugins are named '" + name + "': "
                        + previous.getClass().getName() + " and " + plugin.getClass().getName());
            }
        }
        return out;
    }
}
