package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The names under which {@link SluiceFactory#settings} hands a broker plugin its settings, with variables
 * read the way Micronaut reads the process's environment (the ENVIRONMENT_VARIABLE convention, which
 * derives every mix of dots and hyphens from a name) over application.yml and a configuration file.
 * ConfigFromEnvironmentTest proves the same with real variables, end to end.
 */
class BrokerSettingsTest {

    @Test
    void kafkaClientPropertiesPassVerbatimFromAFileAndDottedFromAVariable() {
        Map<String, String> kafka = settings("sluice.kafka",
                Map.of("sluice.kafka.client.security.protocol", "SSL", "sluice.kafka.client.someVendor_option", "v"),
                Map.of("SLUICE_KAFKA_CLIENT_LINGER_MS", "7", "SLUICE_KAFKA_ACK_TIMEOUT", "3s"));

        assertEquals(Map.of("client.security.protocol", "SSL", "client.someVendor_option", "v", "client.linger.ms", "7"),
                clientProperties(kafka), "verbatim from the file; from the variable dotted, with no hyphenated twin");
        assertEquals("3s", kafka.get("ack-timeout"), "the variable wins over application.yml's 10s");
        assertEquals("1", kafka.get("partitions"), "application.yml's default");
    }

    @Test
    void aVariableWinsOverTheFileUnderTheNameThePluginReads() {
        Map<String, String> redis = settings("sluice.redis", Map.of("sluice.redis.key-prefix", "file:"),
                Map.of("SLUICE_REDIS_KEY_PREFIX", "variable:"));

        assertEquals("variable:", redis.get("key-prefix"));
        assertEquals(null, redis.get("key.prefix"), "only the name the plugin reads: " + redis);
    }

    private static Map<String, String> settings(String prefix, Map<String, Object> file, Map<String, Object> variables) {
        try (ApplicationContext context = ApplicationContext.builder()
                .environmentPropertySource(false) // not this JVM's own variables
                .propertySources(PropertySource.of("file", file, -250), // between application.yml and variables
                        PropertySource.of("variables", variables, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .build()) {
            context.getEnvironment().start();
            return SluiceFactory.settings(context.getEnvironment(), prefix);
        }
    }

    private static Map<String, String> clientProperties(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith("client")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
