package dev.sluice.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sluice.ports.spi.ProcessorPlugin;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {

    @Test
    void findsExactlyTheThreePlugins() {
        var plugins = ServiceLoader.load(ProcessorPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(3, plugins.size(), plugins.toString());
        assertEquals(Set.of("filter", "map", "xml"),
                plugins.stream().map(ProcessorPlugin::name).collect(Collectors.toSet()));
        for (ProcessorPlugin plugin : plugins) {
            String argument = plugin.name().equals("xml") ? "" : "$";
            assertNotNull(plugin.create(argument), plugin.name());
        }
    }
}
