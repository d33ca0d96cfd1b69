package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 16, parts 2 and 3, on a real Kafka against real HTTP receivers: signed webhooks (checked here with
 * this test's own HMAC code), the route's headers and credentials, secrets that reach no log line, API answer
 * or error message, the target rule with its allow-lists, redirects that are not followed, and a 410 that
 * pauses the route until it is resumed without losing an event.
 */
class WebhookSecurityTest {

    static final String NEW_SECRET = secret("sluice-test-signing-key-new-32by");
    static final String OLD_SECRET = secret("sluice-test-signing-key-old-32by");
    static final String OTHER_SECRET = secret("a-key-that-the-route-never-knew");

    static String secret(String key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How a receiver verifies a Standard Webhooks request, written from the standard and independent of Sluice's
     * code: the HMAC-SHA256 under the secret's key of {@code id.timestamp.body} must be one of the signatures.
     */
    static boolean verifies(String secret, Receiver.Delivery request) throws Exception {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8));
        for (String signature : request.header("webhook-signature").split(" ")) {
            String[] versioned = signature.split(",", 2);
            if (versioned[0].equals("v1") && java.security.MessageDigest.isEqual(expected,
                    Base64.getDecoder().decode(versioned[1]))) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> route(String name, String topic, String url) {
        return WebhookDeliveryTest.webhook(name, topic, url, 5);
    }

    /** The test's base settings without the allow-list for loopback: the rule as it is in production. */
    static Map<String, Object> strict(String topic) {
        Map<String, Object> p = TestSluice.baseProperties(topic);
        p.remove(TestSluice.LOOPBACK_ALLOWED);
        return p;
    }

    @Test
    void signedWebhooksVerifyWithEitherSecretDuringARotationAndCarryTheRoutesHeadersAndCredentials() throws Exception {
        String topic = TestSluice.unique("signed");
        String bearer = "bearer-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        try (Receiver signed = new Receiver(Receiver.failFirst(1, 503)); Receiver basic = new Receiver(() -> 200)) {
            Map<String, Object> props = new HashMap<>(route("erp", topic, signed.url()));
            // the secrets come from the environment in production; any property resolves a placeholder the same way
            props.put("test-secrets.erp", NEW_SECRET);
            props.put("test-secrets.erp-old", OLD_SECRET);
            props.put("test-secrets.bearer", bearer);
            props.put("test-secrets.password", password);
            props.put("sluice.routes.erp.options.signing-secret", "${test-secrets.erp} ${test-secrets.erp-old}");
            props.put("sluice.routes.erp.options.header.X-Tenant", "acme");
            props.put("sluice.routes.erp.options.bearer-token", "${test-secrets.bearer}");
            props.putAll(route("erp-basic", topic, basic.url()));
            props.put("sluice.routes.erp-basic.options.username", "erp");
            props.put("sluice.routes.erp-basic.options.password", "${test-secrets.password}");
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                String posted = sluice.postJson("{\"itemId\":\"s1\",\"name\":\"n\"}").body();
                String eventId = JSON(posted).get("items").get(0).get("eventId").asText();

                Receiver.Delivery delivery = signed.await(1).get(0);
                assertTrue(verifies(NEW_SECRET, delivery), "the new secret verifies");
                assertTrue(verifies(OLD_SECRET, delivery), "the old secret verifies, while the route holds both");
                assertFalse(verifies(OTHER_SECRET, delivery), "another secret does not");
                assertEquals(2, delivery.header("webhook-signature").split(" ").length);
                assertEquals(eventId, delivery.header("webhook-id"));
                assertEquals(eventId, delivery.header("ce-id"));
                long timestamp = Long.parseLong(delivery.header("webhook-timestamp"));
                assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 300,
                        "a receiver refuses a timestamp far from its clock: " + timestamp);
                Receiver.Delivery retried = signed.received.get(0);
                assertEquals(eventId, retried.header("webhook-id"), "the first attempt (503) had the same id");
                assertTrue(verifies(NEW_SECRET, retried));
                assertEquals("acme", delivery.header("X-Tenant"));
                assertEquals("Bearer " + bearer, delivery.header("Authorization"));

                Receiver.Delivery basicDelivery = basic.await(1).get(0);
                assertEquals("Basic " + Base64.getEncoder().encodeToString(("erp:" + password)
                        .getBytes(StandardCharsets.UTF_8)), basicDelivery.header("Authorization"));
                assertNull(basicDelivery.header("webhook-signature"), "a route without secrets does not sign");
            }
        }
    }

    @Test
    void secretsReachNoLogLineNoApiAnswerAndNoErrorMessage() throws Exception {
        String topic = TestSluice.unique("secret");
        String hook = TestSluice.unique("hidden"); // dead letters are kept per route name: names of this run's own
        String basicHook = TestSluice.unique("hidden-basic");
        String bearer = "bearer-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        List<String> secrets = List.of(NEW_SECRET, NEW_SECRET.substring("whsec_".length()), bearer, password,
                Base64.getEncoder().encodeToString(("erp:" + password).getBytes(StandardCharsets.UTF_8)));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger client = (Logger) LoggerFactory.getLogger("org.apache.hc");
        Level clientLevel = client.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root.addAppender(log);
        client.setLevel(Level.DEBUG); // all the HTTP client says, short of its header and wire logs
        try (Receiver receiver = new Receiver(Receiver.failFirst(1, 500)); Receiver gone = new Receiver(() -> 401)) {
            Map<String, Object> props = new HashMap<>(route(hook, topic, receiver.url()));
            props.put("test-secrets.erp", NEW_SECRET);
            props.put("test-secrets.bearer", bearer);
            props.put("test-secrets.password", password);
            props.put("sluice.routes." + hook + ".options.signing-secret", "${test-secrets.erp}");
            props.put("sluice.routes." + hook + ".options.bearer-token", "${test-secrets.bearer}");
            props.putAll(route(basicHook, topic, gone.url()));
            props.put("sluice.routes." + basicHook + ".options.username", "erp");
            props.put("sluice.routes." + basicHook + ".options.password", "${test-secrets.password}");
            props.put("sluice.routes." + basicHook + ".retry.max-attempts", "1");
            try (TestSluice sluice = TestSluice.start(topic, props)) {
                sluice.postJson("{\"itemId\":\"s2\",\"name\":\"n\"}");
                receiver.await(1);
                WebhookDeliveryTest.awaitDeadLetters(sluice, basicHook, 1);
                List<String> answers = new ArrayList<>();
                for (String path : List.of("/api/routes", "/api/routes/" + hook, "/api/routes/" + basicHook,
                        "/api/routes/" + hook + "/attempts", "/api/routes/" + basicHook + "/attempts", "/api/dead-letters/" + basicHook)) {
                    HttpResponse<String> answer = sluice.get(path);
                    assertEquals(200, answer.statusCode(), path + ": " + answer.body());
                    answers.add(answer.body());
                }
                assertTrue(answers.get(0).contains("webhook http://127.0.0.1:"), answers.get(0));
                // a route made over the API whose credential is wrong: the problem names the option, not the value
                HttpResponse<String> refused = sluice.post("/api/routes", "application/json", """
                        {"name": "api-hook", "from": "%s", "group": "api-hook", "to": "webhook",
                         "options": {"url": "http://93.184.216.34/hook", "bearer-token": "%s\\r\\nX-Evil: 1"}}"""
                        .formatted(topic, bearer));
                assertEquals(400, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("'bearer-token' holds a line break"), refused.body());
                answers.add(refused.body());
                for (String answer : answers) {
                    for (String secret : secrets) {
                        assertFalse(answer.contains(secret), "an API answer shows a secret: " + answer);
                    }
                }
            }
            // a secret that is not one: start-up fails naming the option, not the value
            Map<String, Object> bad = TestSluice.baseProperties(TestSluice.unique("secret"));
            bad.putAll(route("bad", topic, receiver.url()));
            bad.put("sluice.routes.bad.options.signing-secret", bearer);
            String failure = failureOf(bad);
            assertTrue(failure.contains("route 'bad' (sluice.routes.bad): option 'signing-secret': its secret does not"
                    + " start with whsec_"), failure);
            assertFalse(failure.contains(bearer), failure);
        } finally {
            root.detachAppender(log);
            client.setLevel(clientLevel);
        }
        List<String> lines = log.list.stream().map(WebhookSecurityTest::line).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("route " + hook + ": ")), "the log was captured: " + lines);
        for (String line : lines) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), "a log line shows a secret: " + line);
            }
        }
    }

    /** A log event as it would be printed: the message and every exception's class and message. */
    private static String line(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(event.getLoggerName()).append(" ").append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            out.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    static String failureOf(Map<String, Object> props) {
        Throwable t = assertThrows(Throwable.class, () -> ApplicationContext.run(EmbeddedServer.class, props, "test"));
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aUrlThatIsARefusedAddressFailsStartUpNamingTheRouteAndTheOption() {
        for (String url : List.of("http://127.0.0.1:9/erp", "http://2130706433/erp", "http://[::1]/erp",
                "http://[::ffff:127.0.0.1]/erp", "http://169.254.169.254/latest/meta-data/")) {
            Map<String, Object> props = strict(TestSluice.unique("literal"));
            props.putAll(route("erp", "t", url));
            String failure = failureOf(props);
            assertTrue(failure.contains("route 'erp' (sluice.routes.erp): sink 'webhook': 'url' targets "), failure);
            assertTrue(failure.contains("'allow-private-network: true'"), failure);
            assertTrue(failure.contains("sluice.webhooks.allowed-networks"), failure);
        }
    }

    @Test
    void byDefaultAWebhookReachesNoLoopbackTargetAndAnAllowListLetsItThrough() throws Exception {
        String topic = TestSluice.unique("rule");
        String strictHook = TestSluice.unique("strict");
        try (Receiver strict = new Receiver(() -> 200); Receiver allowed = new Receiver(() -> 200)) {
            Map<String, Object> props = strict(topic);
            // a name passes start-up and is judged each time it is resolved
            props.putAll(route(strictHook, topic, strict.url().replace("127.0.0.1", "localhost")));
            props.putAll(route("allowed", topic, allowed.url()));
            props.put("sluice.routes.allowed.options.allowed-networks", "127.0.0.1/32");
            try (TestSluice sluice = TestSluice.startExactly(props)) {
                sluice.postJson("{\"itemId\":\"r1\",\"name\":\"n\"}");
                assertEquals(1, allowed.await(1).size(), "the route's allow-list lets 127.0.0.1 through");
                JsonNode letters = WebhookDeliveryTest.awaitDeadLetters(sluice, strictHook, 1);
                String reason = letters.get(0).get("reason").asText();
                assertTrue(reason.startsWith("rejected: target refused: localhost resolves to "), reason);
                assertTrue(reason.contains("(loopback)"), reason);
                assertEquals(1, letters.get(0).get("attempts").asInt(), "refused for good: dead-lettered at once");
                assertEquals(0, strict.calls.get(), "no request reached the refused target");
            }
        }
    }

    @Test
    void aRedirectIsNotFollowedAndItsTargetGetsNoRequest() throws Exception {
        String topic = TestSluice.unique("redirect");
        String hook = TestSluice.unique("redirecting");
        try (Receiver target = new Receiver(() -> 200); Receiver redirecting = new Receiver(() -> 302)) {
            redirecting.answerWith(Map.of("Location", target.url()));
            try (TestSluice sluice = TestSluice.start(topic, route(hook, topic, redirecting.url()))) {
                sluice.postJson("{\"itemId\":\"m1\",\"name\":\"n\"}");
                JsonNode letters = WebhookDeliveryTest.awaitDeadLetters(sluice, hook, 1);
                String reason = letters.get(0).get("reason").asText();
                assertTrue(reason.startsWith("rejected: HTTP 302, a redirect to " + target.url()), reason);
                assertTrue(reason.contains("which a webhook never follows"), reason);
                assertEquals(1, redirecting.calls.get());
                assertEquals(0, target.calls.get(), "the redirect's target never got a request");
            }
        }
    }

    @Test
    void a410PausesTheRouteAndAfterTheResumeEveryAcknowledgedItemArrivesExactlyOnce() throws Exception {
        String topic = TestSluice.unique("gone");
        String hook = TestSluice.unique("gone-hook");
        try (Receiver erp = new Receiver(() -> 200)) {
            try (TestSluice sluice = TestSluice.start(topic, route(hook, topic, erp.url()))) {
                Ledger ledger = new Ledger(sluice.uri("/streams-master-data/producer"), "g");
                erp.await(20);
                erp.answer(() -> 410);
                JsonNode paused = awaitRoute(sluice, hook, r -> r.get("state").get("status").asText().equals("paused"));
                assertTrue(paused.get("state").get("detail").asText().startsWith("the receiver answered 410 Gone"),
                        paused.toString());
                int callsWhenPaused = erp.calls.get();
                int acknowledgedWhenPaused = ledger.acknowledged.size();
                await("items posted while paused", () -> ledger.acknowledged.size() >= acknowledgedWhenPaused + 20);
                assertEquals(callsWhenPaused, erp.calls.get(), "a paused route sends nothing");
                assertEquals(0, WebhookDeliveryTest.JSON.readTree(sluice.get("/api/dead-letters/" + hook).body()).size(),
                        "the event that got 410 is not dead-lettered");

                erp.answer(() -> 200);
                HttpResponse<String> resumed = sluice.post("/api/routes/" + hook + "/resume", "application/json", "");
                assertEquals(200, resumed.statusCode(), resumed.body());
                assertFalse(JSON(resumed.body()).get("paused").asBoolean(), resumed.body());
                ledger.close();
                assertTrue(ledger.other.isEmpty(), ledger.other.toString());

                await("every acknowledged item at the receiver", () -> ledger.missing(delivered(erp)).isEmpty());
                Map<String, Long> times = delivered(erp).stream()
                        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
                assertEquals(Map.of(), times.entrySet().stream().filter(e -> e.getValue() > 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                        "with concurrency 1 on Kafka nothing arrives twice");
                assertEquals("running", route(sluice, hook).get("state").get("status").asText());
            }
        }
    }

    private static List<String> delivered(Receiver receiver) {
        return receiver.accepted.stream().map(d -> MasterDataStreamsTest.field(d.body(), "itemId")).toList();
    }

    private static JsonNode JSON(String body) throws Exception {
        return WebhookDeliveryTest.JSON.readTree(body);
    }

    private static JsonNode route(TestSluice sluice, String name) throws Exception {
        for (JsonNode route : JSON(sluice.get("/api/routes").body())) {
            if (route.get("name").asText().equals(name)) {
                return route;
            }
        }
        throw new AssertionError("no route " + name);
    }

    private static JsonNode awaitRoute(TestSluice sluice, String name, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode route = route(sluice, name);
        while (!until.test(route) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            route = route(sluice, name);
        }
        assertTrue(until.test(route), route.toString());
        return route;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
