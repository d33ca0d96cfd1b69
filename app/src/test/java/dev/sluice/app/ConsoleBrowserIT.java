package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: {@code src/test/console/e2e.mjs} drives headless Chromium with
 * playwright-core against a running Sluice and a real webhook receiver, and with the bookstore's views
 * (environment "s4", on topics of this run) for the analytics panel, whose charts it compares with
 * the view API. Needs Node.js, Debian's chromium and {@code npm ci} in src/test/console (scripts/test
 * prepares them).
 */
class ConsoleBrowserIT {

    @Test
    void theConsoleProducesStreamsShowsDeliveriesReplaysDeadLettersAndChartsTheViews() throws Exception {
        Path script = Path.of("src", "test", "console", "e2e.mjs").toAbsolutePath();
        assertTrue(Files.exists(script.getParent().resolve("node_modules/playwright-core")),
                "run 'npm ci' in " + script.getParent() + " (scripts/test does it)");
        String topic = TestSluice.unique("console");
        try (Receiver erp = new Receiver(Receiver.failFirst(2, 500))) {
            Map<String, Object> props = TestSluice.baseProperties(topic);
            for (String name : List.of("c-json", "c-xml", "c-filtered", "erp")) {
                props.put("sluice.routes." + name + ".from", topic);
            }
            props.put("sluice.routes.c-xml.pipeline[0].xml", "item");
            props.put("sluice.routes.c-filtered.pipeline[0].filter", "$lowercase(category) = 'electronics'");
            props.put("sluice.routes.erp.group", TestSluice.unique("erp"));
            props.put("sluice.routes.erp.to", "webhook");
            props.put("sluice.routes.erp.options.url", erp.url());
            props.put("sluice.routes.erp.retry.base-delay", "20ms");
            props.put("sluice.routes.erp.retry.max-delay", "50ms");
            props.put("sluice.routes.erp.retry.max-attempts", "2");
            // the analytics panel: the bookstore's simulator and views on topics, a Streams application and
            // changes topics of this run only (views run on Kafka Streams, whatever broker other runs test)
            String run = TestSluice.unique("console-s4");
            props.put("sluice.broker", "kafka");
            props.put("sluice.kafka.bootstrap-servers", TestKafka.bootstrapServers());
            props.put("sluice.bookstore.topic-prefix", run + ".");
            props.put("sluice.analytics.application-id", run + "-views");
            props.put("sluice.analytics.changes-topic-prefix", run + ".view.");
            // the commerce panel (S3) on topics of this run, its enriched orders as an SSE route, and a rule
            // whose recipient is no address, so that its notifications fail and the panel can replay one
            props.put("sluice.commerce.enabled", "true");
            props.put("sluice.commerce.topic-prefix", run + ".commerce.");
            props.put("sluice.routes.orders-created.from", run + ".commerce.orders_created");
            props.put("sluice.routes.orders-created.to", "sse");
            props.put("sluice.notifications.enabled", "true");
            props.put("sluice.notifications.rules.console-order.on", "order_created");
            props.put("sluice.notifications.rules.console-order.to", "{{customer.name}}");
            props.put("sluice.notifications.rules.console-order.subject", "Order {{order.po}}");
            props.put("sluice.notifications.rules.console-order.template", "Hello {{customer.name}}");
            // the Mail panel: an invoice rule, its mail taken by the built-in catcher on a free port
            props.put("sluice.kafka.state-dir", Files.createTempDirectory("sluice-console").toString());
            props.put("sluice.notifications.rules.invoice-email.on", "invoice_created");
            props.put("sluice.notifications.rules.invoice-email.to", "{{customer.email}}");
            props.put("sluice.notifications.rules.invoice-email.subject", "Invoice from {{organization.name}}");
            props.put("sluice.notifications.rules.invoice-email.template", "Hello {{customer.name}} {{customer.lastName}}, "
                    + "your invoice of {{invoice.amount}} {{invoice.currency}} for order {{order.po}} is due on {{invoice.dueDate}}.");
            props.put("sluice.mail-catcher.enabled", "true");
            props.put("sluice.mail-catcher.port", "0");
            try (TestSluice sluice = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, props, "test", "s4"))) {
                Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
                String output = node(script, 5, "http://127.0.0.1:" + sluice.server.getPort(), shots.toString());
                assertTrue(output.contains("console e2e: OK"), output);
                assertTrue(erp.accepted.stream().anyMatch(d -> d.body().contains("\"e2e-1\"")),
                        "the replayed dead letter reached the receiver");
                for (String panel : List.of("producer", "streams", "deliveries", "flow", "analytics", "commerce", "mail")) {
                    assertTrue(Files.size(shots.resolve(panel + ".png")) > 0, panel + " screenshot");
                }
            }
        } catch (IOException e) {
            throw new AssertionError("Node.js must be installed to run the console test", e);
        }
    }

    /**
     * With access control on, {@code src/test/console/login.mjs} signs the console in with an API key: only the
     * login form before, a wrong key refused, an HttpOnly session after, the panels loaded, and out again.
     */
    @Test
    void theConsoleSignsInWithAnApiKeyWhenAccessControlIsOn() throws Exception {
        Path script = Path.of("src", "test", "console", "login.mjs").toAbsolutePath();
        String key = "ops-console-key-0123456789abcdef";
        Map<String, Object> props = TestSluice.baseProperties(TestSluice.unique("console-login"));
        props.put("sluice.routes.login-feed.from", props.get("sluice.ingest.topic"));
        props.put("sluice.security.api-keys.ops.key", key);
        props.put("sluice.security.api-keys.ops.scopes", "admin");
        props.put("micronaut.security.token.jwt.signatures.secret.generator.secret", ClientTokens.SECRET);
        try (TestSluice sluice = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, props, "test"))) {
            Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
            String output = node(script, 2, "http://127.0.0.1:" + sluice.server.getPort(), shots.toString(), key);
            assertTrue(output.contains("console login e2e: OK"), output);
        }
    }

    /** Runs a browser script with Node.js; answers its output once it exited 0 within the minutes given. */
    private static String node(Path script, int minutes, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(args));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean done = node.waitFor(minutes, TimeUnit.MINUTES);
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(done, script.getFileName() + " did not finish: " + output);
            assertEquals(0, node.exitValue(), output);
            return output;
        } finally {
            node.destroyForcibly();
        }
    }
}
