package dev.sluice.app;

import dev.sluice.ports.spi.BrokerPlugin;
import dev.sluice.ports.spi.ProcessorPlugin;
import dev.sluice.ports.spi.SinkPlugin;
import dev.sluice.ports.spi.SourcePlugin;
import io.micronaut.context.BeanContext;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every broker, processor and sink on the classpath, by name: Micronaut beans of the SPI types and
 * {@link ServiceLoader} entries ({@code META-INF/services}). A name provided twice, or asked for but
 * provided by nobody, fails start-up with a message that lists what exists.
 */
@Singleton
public class PluginRegistry {

    private final Map<String, BrokerPlugin> brokers;
    private final Map<String, ProcessorPlugin> processors;
    private final Map<String, SinkPlugin> sinks;
    private final Map<String, SourcePlugin> sources;

    @jakarta.inject.Inject
    public PluginRegistry(BeanContext beans) {
        this.brokers = index("broker", BrokerPlugin.class, BrokerPlugin::name, beans);
        this.processors = index("processor", ProcessorPlugin.class, ProcessorPlugin::name, beans);
        this.sinks = index("sink", SinkPlugin.class, SinkPlugin::name, beans);
        this.sources = index("source", SourcePlugin.class, SourcePlugin::name, beans);
    }

    private PluginRegistry(PluginRegistry base, Map<String, SinkPlugin> sinks) {
        this.brokers = base.brokers;
        this.processors = base.processors;
        this.sinks = sinks;
        this.sources = base.sources;
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

    public BrokerPlugin broker(String name) {
        return find("broker", "sluice.broker (SLUICE_BROKER)", brokers, name);
    }

    public ProcessorPlugin processor(String name, String where) {
        return find("processor", where, processors, name);
    }

    public SinkPlugin sink(String name, String where) {
        return find("sink", where, sinks, name);
    }

    public SourcePlugin source(String name, String where) {
        return find("source", where, sources, name);
    }

    private static <T> T find(String kind, String where, Map<String, T> plugins, String name) {
        T plugin = name == null ? null : plugins.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (plugin == null) {
            throw new IllegalStateException("Unknown " + kind + " '" + name + "' in " + where + "; valid " + kind
                    + "s: " + String.join(", ", new TreeSet<>(plugins.keySet())));
        }
        return plugin;
    }

    private static <T> Map<String, T> index(String kind, Class<T> type, Function<T, String> nameOf, BeanContext beans) {
        Map<String, T> out = new LinkedHashMap<>();
        List<T> found = new java.util.ArrayList<>(beans.getBeansOfType(type));
        ServiceLoader.load(type).forEach(found::add);
        for (T plugin : found) {
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
