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
    void findsExactlyTheFourPlugins() {
        var plugins = ServiceLoader.load(ProcessorPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(4, plugins.size(), plugins.toString());
        assertEquals(Set.of("filter", "map", "xml", "meta"),
                plugins.stream().map(ProcessorPlugin::name).collect(Collectors.toSet()));
        for (ProcessorPlugin plugin : plugins) {
            String argument = switch (plugin.name()) {
                case "xml" -> "";
                case "meta" -> "deleted()";
                default -> "$";
            };
            assertNotNull(plugin.create(argument), plugin.name());
        }
    }
}
