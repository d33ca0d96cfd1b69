package dev.sluice.http.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.spi.PushSink;
import dev.sluice.ports.spi.SinkPlugin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server on loopback (allowed here by the Sluice-wide allow-list). */
class WebhookSinkTest {

    static final String KEY_A = "whsec_" + Base64.getEncoder().encodeToString("a-key-of-thirty-two-bytes-length".getBytes());
    static final String KEY_B = "whsec_" + Base64.getEncoder().encodeToString("another-key-of-twenty-four-b".getBytes());
    static final Clock AT = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    record Request(String path, Headers headers, String body) {}

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final HttpServer server;
    private final List<PushSink> sinks = new CopyOnWriteArrayList<>();

    WebhookSinkTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            int code = exchange.getRequestURI().getPath().equals("/moved") ? 302 : status.get();
            if (code == 302) {
                exchange.getResponseHeaders().add("Location", "/elsewhere?token=secret-in-query");
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        sinks.forEach(PushSink::close);
        server.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static SinkPlugin loopbackAllowed() {
        return new WebhookSinkPlugin(TargetRule.STRICT, AT).configure(Map.of("allowed-networks", "127.0.0.0/8,::1/128"));
    }

    PushSink open(SinkPlugin plugin, Map<String, String> options) {
        PushSink sink = (PushSink) plugin.open(options);
        sinks.add(sink);
        return sink;
    }

    static EventEnvelope event(String id, String body) {
        return new EventEnvelope(id, "/sluice", "item", "k", Instant.EPOCH, "application/json", "k", Map.of(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Standard Webhooks' signature, computed here without the code under test. */
    static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signsEveryRequestOncePerSecretWithTheEventIdAsWebhookId() throws Exception {
        PushSink sink = open(loopbackAllowed(), Map.of("url", url("/hook"), "signing-secret", KEY_A + " " + KEY_B));

        assertTrue(sink.deliver(event("evt-1", "{\"n\":1}")).delivered());
        assertTrue(sink.deliver(event("evt-1", "{\"n\":1}")).delivered());

        Headers h = requests.get(0).headers();
        assertEquals("evt-1", h.getFirst("webhook-id"));
        assertEquals("1795867200", h.getFirst("webhook-timestamp"));
        assertEquals(sign(KEY_A, "evt-1", "1795867200", "{\"n\":1}") + " " + sign(KEY_B, "evt-1", "1795867200", "{\"n\":1}"),
                h.getFirst("webhook-signature"));
        assertEquals("evt-1", requests.get(1).headers().getFirst("webhook-id"), "the same id on a repeat");
        assertEquals("evt-1", h.getFirst("ce-id"));
    }

    @Test
    void sendsTheRoutesHeadersAndCredentials() throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("url", url("/hook"), "header.X-Tenant", "acme",
                "header.X-Api-Key", "k-123", "bearer-token", "t0ken"));
        assertTrue(open(loopbackAllowed(), options).deliver(event("e", "{}")).delivered());
        Headers h = requests.get(0).headers();
        assertEquals("acme", h.getFirst("X-Tenant"));
        assertEquals("k-123", h.getFirst("X-Api-Key"));
        assertEquals("Bearer t0ken", h.getFirst("Authorization"));
        assertNull(h.getFirst("webhook-signature"), "unsigned without secrets");

        assertTrue(open(loopbackAllowed(), Map.of("url", url("/hook"), "username", "erp", "password", "pä55"))
                .deliver(event("e", "{}")).delivered());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("erp:pä55".getBytes(StandardCharsets.UTF_8)),
                requests.get(1).headers().getFirst("Authorization"));
    }

    @Test
    void aRedirectIsAFinalFailureAndItsTargetIsNeverAsked() throws Exception {
        PushSink.Outcome outcome = open(loopbackAllowed(), Map.of("url", url("/moved"))).deliver(event("e", "{}"));

        assertFalse(outcome.delivered());
        assertFalse(outcome.retryable());
        assertEquals(302, outcome.status());
        assertEquals("HTTP 302, a redirect to http://127.0.0.1:" + server.getAddress().getPort()
                + "/elsewhere?…, which a webhook never follows: set the route's url to where it leads", outcome.detail());
        assertEquals(List.of("/moved"), requests.stream().map(Request::path).toList());
    }

    @Test
    void a410SaysTheDestinationIsGone() throws Exception {
        status.set(410);
        PushSink.Outcome outcome = open(loopbackAllowed(), Map.of("url", url("/hook"))).deliver(event("e", "{}"));
        assertTrue(outcome.gone());
        assertFalse(outcome.delivered());
        assertTrue(outcome.detail().startsWith("the receiver answered 410 Gone"), outcome.detail());
    }

    @Test
    void aRefusedTargetIsAFinalFailureWithItsReasonAndNoRequest() throws Exception {
        PushSink.Outcome outcome = open(new WebhookSinkPlugin(),
                Map.of("url", "http://localhost:" + server.getAddress().getPort() + "/hook")).deliver(event("e", "{}"));

        assertFalse(outcome.delivered());
        assertFalse(outcome.retryable(), "the same address is refused on every attempt");
        assertTrue(outcome.detail().startsWith("target refused: localhost resolves to "), outcome.detail());
        assertTrue(outcome.detail().contains("(loopback)"), outcome.detail());
        assertTrue(outcome.detail().contains("allow-private-network"), outcome.detail());
        assertTrue(requests.isEmpty());

        assertTrue(open(new WebhookSinkPlugin(), Map.of("url", url("/hook"), "allow-private-network", "true"))
                .deliver(event("e", "{}")).delivered());
        assertTrue(open(new WebhookSinkPlugin(), Map.of("url", url("/hook"), "allowed-networks", "127.0.0.1/32"))
                .deliver(event("e", "{}")).delivered());
    }

    @Test
    void aUrlWithARefusedLiteralAddressFailsAtOnceNamingTheOptions() {
        for (String url : List.of("http://127.0.0.1:8080/x", "http://2130706433/", "http://[::1]/",
                "http://[::ffff:127.0.0.1]/", "http://169.254.169.254/latest/meta-data", "https://[fc00::1]/",
                "http://100.64.0.1/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new WebhookSinkPlugin().open(Map.of("url", url)), url);
            assertTrue(e.getMessage().startsWith("sink 'webhook': 'url' targets "), e.getMessage());
            assertTrue(e.getMessage().contains("'allow-private-network: true'"), e.getMessage());
            assertTrue(e.getMessage().contains("sluice.webhooks.allowed-networks"), e.getMessage());
        }
        open(new WebhookSinkPlugin(), Map.of("url", "http://93.184.216.34/hook"));
        open(new WebhookSinkPlugin(), Map.of("url", "http://localhost:1/hook")); // a name: checked per attempt
    }

    @Test
    void aMistakeInASecretOrACredentialNamesTheOptionButNeverTheValue() {
        String secretish = "whsec_c2VjcmV0";
        Map<Map<String, String>, String> cases = Map.of(
                Map.of("signing-secret", secretish), "option 'signing-secret': its secret has a key of 6 bytes",
                Map.of("signing-secret", KEY_A + " s3cr3t-value"), "option 'signing-secret': secret 2 of 2 does not start with whsec_",
                Map.of("signing-secret", "whsec_%%%s3cr3t"), "option 'signing-secret': its secret is not whsec_ followed by base64",
                Map.of("bearer-token", "s3cr3t\r\nX-Evil: 1"), "sink 'webhook': 'bearer-token' holds a line break",
                Map.of("header.X-Key", "s3cr3t\n"), "sink 'webhook': 'header.X-Key' holds a line break",
                Map.of("header.Host", "s3cr3t"), "sink 'webhook': 'header.Host' is a header Sluice sets itself",
                Map.of("header.ce-id", "s3cr3t"), "sink 'webhook': 'header.ce-id' is a header Sluice sets itself",
                Map.of("bearer-token", "s3cr3t", "password", "s3cr3t"), "sink 'webhook': give 'bearer-token' or",
                Map.of("username", "a:s3cr3t"), "sink 'webhook': 'username' cannot contain ':'",
                Map.of("allowed-networks", "s3cr3t"), "sink 'webhook': 'allowed-networks': 's3cr3t' is not a network");
        cases.forEach((options, message) -> {
            Map<String, String> all = new HashMap<>(options);
            all.put("url", "http://93.184.216.34/hook");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new WebhookSinkPlugin().open(all), options.toString());
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
            if (!message.contains("s3cr3t")) {
                assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
                assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
            }
        });
        IllegalArgumentException userInfo = assertThrows(IllegalArgumentException.class,
                () -> new WebhookSinkPlugin().open(Map.of("url", "http://erp:s3cr3t@93.184.216.34/hook")));
        assertFalse(userInfo.getMessage().contains("s3cr3t"), userInfo.getMessage());
        assertTrue(userInfo.getMessage().contains("'username' and 'password'"), userInfo.getMessage());
    }
}
