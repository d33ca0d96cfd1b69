package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real browser: {@code src/test/console/e2e.mjs} drives headless Chromium with
 * playwright-core against a running Sluice and a real webhook receiver, and with the bookstore's views
 * (environment "s4", on topics of this run) for the analytics panel, whose charts it compares with
 * the view API; with a {@code postgres-cdc} route on a database of this run's own on the real PostgreSQL,
 * whose status the Flow panel shows, and one on a database that is not there, which waits. Needs Node.js,
 * Debian's chromium and {@code npm ci} in src/test/console (scripts/test prepares them).
 */
class ConsoleBrowserIT {

    @Test
    void theConsoleProducesStreamsShowsDeliveriesReplaysDeadLettersAndChartsTheViews() throws Exception {
        Path script = Path.of("src", "test", "console", "e2e.mjs").toAbsolutePath();
        assertTrue(Files.exists(script.getParent().resolve("node_modules/playwright-core")),
                "run 'npm ci' in " + script.getParent() + " (scripts/test does it)");
        String topic = TestSluice.unique("console");
        try (Receiver erp = new Receiver(Receiver.failFirst(2, 500));
             TestPostgres db = TestPostgres.create("console");
             CdcChanges changes = new CdcChanges(db)) {
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
            // the Flow panel's CDC status: a route reading two tables of this run's database (their rows the
            // snapshot's), to which the page makes its changes through CdcChanges; and one whose database is not
            // there, so that it waits and says why
            db.exec("CREATE TABLE book (id bigint PRIMARY KEY, title text NOT NULL, price numeric(10,2))",
                    "CREATE TABLE shelf_location_history (id bigint PRIMARY KEY, book bigint, shelf text)",
                    "INSERT INTO book VALUES (1, 'Dune', 9.90), (2, 'Emma', 7.50)",
                    "INSERT INTO shelf_location_history VALUES (1, 1, 'A3')");
            String cdc = TestSluice.unique("c-cdc");
            String cdcWaiting = TestSluice.unique("c-cdc-waiting");
            props.putAll(CdcSourceTest.cdcRoute(cdc, db, "public.book,public.shelf_location_history", run + ".cdc.books"));
            props.putAll(CdcSourceTest.cdcRoute(cdcWaiting, db, "public.book", run + ".cdc.nothing"));
            props.put("sluice.routes." + cdcWaiting + ".source-options.url", db.url + "_not_there");
            String cdcArgument = CdcSourceTest.JSON.writeValueAsString(Map.of(
                    "route", cdc, "waitingRoute", cdcWaiting, "changeUrl", changes.url(),
                    "tables", "public.book,public.shelf_location_history",
                    "snapshotRows", 3, "changesMade", CdcChanges.STATEMENTS.size()));
            try (TestSluice sluice = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, props, "test", "s4"))) {
                Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
                String output = node(script, 6, "http://127.0.0.1:" + sluice.server.getPort(), shots.toString(), cdcArgument);
                assertTrue(output.contains("console e2e: OK"), output);
                assertTrue(erp.accepted.stream().anyMatch(d -> d.body().contains("\"e2e-1\"")),
                        "the replayed dead letter reached the receiver");
                assertEquals(1, changes.made.get(), "the page made the CDC changes once");
                for (String panel : List.of("producer", "streams", "deliveries", "flow", "flow-cdc-1400", "analytics",
                        "commerce", "mail")) {
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

    /**
     * Where the browser test asks for the changes a CDC route is to see (Node.js has no PostgreSQL client here):
     * {@code POST /cdc/change} runs {@link #STATEMENTS} in the test's database, each committed on its own, and
     * answers 204; once only, so that the page's count of changes is known.
     */
    static final class CdcChanges implements AutoCloseable {

        /** An insert and an update: two changes after the snapshot. */
        static final List<String> STATEMENTS = List.of("INSERT INTO book VALUES (3, 'Ulysses', 12.00)",
                "UPDATE book SET price = 8.25 WHERE id = 2");
        final AtomicInteger made = new AtomicInteger();
        private final HttpServer server;

        CdcChanges(TestPostgres db) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/cdc/change", exchange -> {
                int status;
                if (!"POST".equals(exchange.getRequestMethod())) {
                    status = 405;
                } else if (made.incrementAndGet() > 1) {
                    status = 409;
                } else {
                    try {
                        db.exec(STATEMENTS.toArray(String[]::new));
                        status = 204;
                    } catch (SQLException e) {
                        status = 500;
                    }
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/cdc/change";
        }

        @Override
        public void close() {
            server.stop(0);
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
