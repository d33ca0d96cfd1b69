package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
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
                + " mean timeout?; valid: timeout, url"), message);
    }

    /**
     * application.yml, the demo routes and routes/s2-bridge.yml hold only settings: start-up passes the check
     * and stops at the broker, which this test names wrongly on purpose so that nothing else starts.
     */
    @Test
    void theShippedConfigurationHoldsOnlySettings() throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(BridgeTest.demoRoutes());
        props.put("sluice.broker", "carrier-pigeon");
        String message = failureOf(props, "demo");
        assertTrue(message.contains("Unknown broker 'carrier-pigeon'"), message);
        assertFalse(message.contains("not a setting"), message);
    }
}
