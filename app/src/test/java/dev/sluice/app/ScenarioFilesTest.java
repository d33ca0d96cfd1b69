package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The scenario environments load their files under {@code routes/}: the default run all five, a subset
 * only what it names, and the environment variables still win over a scenario's file. Only the
 * environment is started here (its property sources), no bean.
 */
class ScenarioFilesTest {

    private static void withEnvironment(Map<String, Object> props, Consumer<Environment> check, String... environments) {
        try (ApplicationContext context = ApplicationContext.builder(environments).properties(props)
                .deduceEnvironment(false).build()) {
            Environment environment = context.getEnvironment().start();
            try {
                check.accept(environment);
            } finally {
                environment.stop();
            }
        }
    }

    @Test
    void theDefaultRunLoadsEveryScenarioFile() {
        withEnvironment(Map.of(), env -> {
            assertEquals("master-data-items", env.getProperty("sluice.routes.erp-json.from", String.class).orElseThrow());
            assertEquals("amqp1", env.getProperty("sluice.routes.s2-external-to-foo.source", String.class).orElseThrow());
            assertTrue(env.getProperty("sluice.commerce.enabled", Boolean.class).orElseThrow());
            assertEquals("invoice_created",
                    env.getProperty("sluice.notifications.rules.invoice-email.on", String.class).orElseThrow());
            assertEquals("commerce.orders_created", env.getProperty("sluice.routes.orders-created.from", String.class).orElseThrow());
            assertEquals("interaction", env.getProperty("sluice.views.pageviews-categories.from", String.class).orElseThrow());
            assertTrue(env.getProperty("sluice.clients.enabled", Boolean.class).orElseThrow());
            assertTrue(env.getProperty("sluice.clients.dev-login.enabled", Boolean.class).orElseThrow(), "the demo's");
            for (String file : ScenarioFiles.FILES.values()) {
                assertTrue(env.getPropertySources().stream().anyMatch(s -> s.getName().equals("routes/" + file)), file);
            }
        }, Sluice.DEFAULT_ENVIRONMENTS);
    }

    @Test
    void aSubsetLoadsOnlyTheFilesOfTheScenariosItNames() {
        withEnvironment(Map.of(), env -> {
            assertTrue(env.getProperty("sluice.routes.erp-json.from", String.class).isPresent());
            assertTrue(env.getProperty("sluice.commerce.enabled", Boolean.class).orElseThrow());
            assertFalse(env.getProperty("sluice.routes.s2-external-to-foo.source", String.class).isPresent());
            assertFalse(env.getProperty("sluice.views.pageviews-categories.from", String.class).isPresent());
            assertFalse(env.getProperty("sluice.clients.enabled", Boolean.class).orElseThrow(), "application.yml's default");
            assertFalse(env.getProperty("sluice.clients.dev-login.enabled", Boolean.class).orElse(false), "no demo environment");
        }, "s1", "s3");
    }

    @Test
    void settingsGivenFromOutsideWinOverAScenarioFile() {
        withEnvironment(Map.of("sluice.commerce.enabled", "false", "sluice.commerce.topic-prefix", "shop."), env -> {
            assertFalse(env.getProperty("sluice.commerce.enabled", Boolean.class).orElseThrow());
            assertEquals("shop.orders_created", env.getProperty("sluice.routes.orders-created.from", String.class).orElseThrow());
        }, "s3");
    }
}
