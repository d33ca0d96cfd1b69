package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: a key under {@code sluice.} that nothing reads fails start-up, naming the key and the
 * nearest valid name, before the broker starts; the shipped configuration holds only settings.
 */
class StrictConfigurationTest {

    private static String failureOf(Map<String, Object> props, String... environments) {
        Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.run(EmbeddedServer.class, props,
                environments).close());
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static Map<String, Object> withRoute() {
        Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("strict"));
        props.put("sluice.routes.erp.from", "t");
        props.put("sluice.routes.erp.group", "g");
        props.put("sluice.routes.erp.to", "webhook");
        props.put("sluice.routes.erp.options.url", "http://127.0.0.1:9/erp");
        return props;
    }

    @Test
    void aMisspeltRouteKeyFailsStartupNamingItAndTheNearestKey() {
        Map<String, Object> props = withRoute();
        props.put("sluice.routes.erp.concurency", "8");
        String message = failureOf(props, "test");
        assertTrue(message.contains("sluice.routes.erp.concurency is not a setting; did you mean concurrency?"),
                message);
    }

    @Test
    void aMisspeltBrokerSettingFailsStartupNamingItAndTheNearestKey() {
        Map<String, Object> props = withRoute();
        props.put("sluice.redis.key-prefx", "x:");
        String message = failureOf(props, "test");
        assertTrue(message.contains("sluice.redis.key-prefx is not a setting; did you mean key-prefix?"), message);
    }

    @Test
    void aMisspeltSmtpSettingFailsStartupNamingItWithoutItsValue() {
        Map<String, Object> props = withRoute();
        props.put("sluice.notifications.smtp.passwrd", "s3cret-value");
        String message = failureOf(props, "test");
        assertTrue(message.contains("sluice.notifications.smtp.passwrd is not a setting; did you mean password?"),
                message);
        assertFalse(message.contains("s3cret-value"), "a value, perhaps a secret, is never shown: " + message);
    }

    @Test
    void aMisspeltSectionIsNamedWithTheNearestSection() {
        Map<String, Object> props = withRoute();
        props.put("sluice.notifcations.enabled", "true");
        String message = failureOf(props, "test");
        assertTrue(message.contains("sluice.notifcations.enabled is not a setting; did you mean notifications?"),
                message);
    }

    @Test
    void anUnknownSinkOptionFailsStartupNamingTheRouteTheSinkAndTheValidOptions() {
        Map<String, Object> props = withRoute();
        props.put("sluice.routes.erp.options.timout", "2s");
        String message = failureOf(props, "test");
        assertTrue(message.contains("route 'erp'") && message.contains("sink 'webhook' has no option 'timout'; did you"
                + " mean timeout?; valid: allow-private-network, allowed-networks, bearer-token, header., password,"
                + " signing-secret, timeout, url, username"), message);
    }

    /**
     * application.yml, application-demo.yml and every scenario's file under routes/ hold only settings:
     * start-up in the default run's environments passes the check and stops at the broker, which this test
     * names wrongly on purpose so that nothing else starts.
     */
    @Test
    void theShippedConfigurationHoldsOnlySettings() throws Exception {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("sluice.broker", "carrier-pigeon");
        String message = failureOf(props, Sluice.DEFAULT_ENVIRONMENTS);
        assertTrue(message.contains("Unknown broker 'carrier-pigeon'"), message);
        assertFalse(message.contains("not a setting"), message);
    }

    /** YAML 1.1 reads a bare {@code on:} as the key {@code true}: start-up says to quote it. */
    @Test
    void aBareOnKeyOfANotificationRuleIsExplained() throws Exception {
        Map<String, Object> props = withRoute();
        props.putAll(new io.micronaut.context.env.yaml.YamlPropertySourceLoader().read("bare-on",
                new java.io.ByteArrayInputStream(("sluice:\n  notifications:\n    rules:\n      invoice-email:\n"
                        + "        on: invoice_created\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        String message = failureOf(props, "test");
        assertTrue(message.contains("sluice.notifications.rules.invoice-email.true is not a setting; a bare on: is read by "
                + "YAML as true: quote the key, \"on\": <event type>"), message);
    }

    @Test
    void aMisspeltRetryKeyOfARouteFailsStartupNamingTheRouteAndTheNearestKey() {
        Map<String, Object> props = withRoute();
        props.put("sluice.routes.erp.retry.max-atempts", "3");
        String message = failureOf(props, "test");
        assertTrue(message.contains("route 'erp'") && message.contains("'retry' has unknown key 'max-atempts'; did you"
                + " mean max-attempts?"), message);
    }

    /**
     * Environment variables are not held against the settings: each becomes every mix of dots and hyphens,
     * and unrelated SLUICE_* variables exist. Read the way Micronaut reads the process's variables, neither
     * a variable application.yml reads as a placeholder nor an unknown one stops start-up at the check; it
     * stops at the broker, which this test names wrongly on purpose.
     */
    @Test
    void environmentVariablesAreNotHeldAgainstTheSettings() {
        Map<String, Object> variables = Map.of("SLUICE_EMBEDDED_KAFKA_PORT", "9093", "SLUICE_DEPLOYED_BY", "ci",
                "SLUICE_BROKER", "carrier-pigeon");
        Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.builder(EmbeddedServer.class)
                .environments("test")
                .environmentPropertySource(false) // not this JVM's own variables
                .propertySources(PropertySource.of("variables", variables,
                        PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE))
                .start().close());
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        assertTrue(all.toString().contains("Unknown broker 'carrier-pigeon'"), all.toString());
        assertFalse(all.toString().contains("not a setting"), all.toString());
    }

    @Test
    void anUnknownTablesNameFailsStartupListingTheValidOnes() {
        Map<String, Object> props = withRoute();
        props.put("sluice.commerce.enabled", "true");
        props.put("sluice.commerce.topic-prefix", TestSluice.unique("strict") + ".");
        props.put("sluice.commerce.tables", "memcached");
        String message = failureOf(props, "test");
        assertTrue(message.contains("Unknown tables 'memcached' in sluice.commerce.tables (SLUICE_COMMERCE_TABLES);"
                + " valid: broker, redis"), message);
    }
}
