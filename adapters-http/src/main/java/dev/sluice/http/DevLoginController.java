package dev.sluice.http;

import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.SubscribeToClientStream;
import dev.sluice.ports.in.Violation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The demo's login (scenario S5): mints a short-lived token for a demo client id and sets it as the
 * HttpOnly cookie the client streams read, so the console works without an identity provider. It exists
 * only in the {@code demo} environment, with {@code sluice.clients.dev-login.enabled}, and only while the
 * server is bound to a loopback address; each request must also come from loopback. The token is signed
 * by Micronaut Security's generator with the same key that validates client tokens.
 */
@Controller("/api/dev/login")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(env = "demo")
@Requires(property = "sluice.clients.dev-login.enabled", value = "true")
@Requires(beans = {SubscribeToClientStream.class, TokenGenerator.class})
@Requires(condition = DevLoginController.BoundToLoopback.class)
@Tag(name = "client streams")
final class DevLoginController {

    /** Micronaut Security's cookie the client streams read a token from (application.yml). */
    static final String COOKIE = "sluice_token";

    private final SubscribeToClientStream clients;
    private final TokenGenerator tokens;
    private final Duration ttl;

    DevLoginController(SubscribeToClientStream clients, TokenGenerator tokens,
                       @Value("${sluice.clients.dev-login.ttl:15m}") Duration ttl) {
        this.clients = clients;
        this.tokens = tokens;
        this.ttl = ttl;
        LoggerFactory.getLogger(DevLoginController.class).warn(
                "demo environment: POST /api/dev/login gives a {} token for a demo client to any caller on this machine", ttl);
    }

    @Post(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in as a demo client (demo environment, loopback only)",
            description = "Mints a token whose subject is the demo client id, valid for sluice.clients.dev-login.ttl, "
                    + "and sets it as the HttpOnly, SameSite=Strict cookie sluice_token that the client streams read. "
                    + "The token is in the answer too, for a bearer header. Only ids of sluice.clients.demo-ids.")
    HttpResponse<Map<String, Object>> login(HttpRequest<?> request, @QueryValue @Nullable String clientId) {
        if (!isLoopback(request.getRemoteAddress())) {
            throw new HttpStatusException(HttpStatus.FORBIDDEN, "the dev login answers only callers on this machine");
        }
        List<String> demo = clients.demoClients();
        if (clientId == null || !demo.contains(clientId)) {
            throw new InvalidInputException("not a demo client", List.of(new Violation("/clientId",
                    (clientId == null ? "is required" : "'" + clientId + "' is not a demo client") + "; one of " + demo)));
        }
        String token = tokens.generateToken(Authentication.build(clientId), Math.toIntExact(ttl.toSeconds()))
                .orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "no token signing key is configured"));
        Cookie cookie = Cookie.of(COOKIE, token).httpOnly(true).sameSite(SameSite.Strict).path("/")
                .maxAge(ttl).secure(request.isSecure());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", clientId);
        body.put("expiresAt", Instant.now().plus(ttl).toString());
        body.put("token", token);
        return HttpResponse.ok(body).cookie(cookie);
    }

    private static boolean isLoopback(InetSocketAddress address) {
        return address != null && address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }

    /** True when {@code micronaut.server.host} names a loopback address (unset binds every interface). */
    static final class BoundToLoopback implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            if (!(context.getBeanContext() instanceof io.micronaut.context.ApplicationContext app)) {
                return false;
            }
            Environment environment = app.getEnvironment();
            String host = environment.getProperty("micronaut.server.host", String.class).orElse("");
            boolean loopback;
            try {
                loopback = !host.isBlank() && InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                loopback = false;
            }
            if (!loopback) {
                context.fail("the server is bound to '" + (host.isBlank() ? "every interface" : host)
                        + "', not loopback: no dev login");
                LoggerFactory.getLogger(DevLoginController.class).warn(
                        "the dev login is off: the server is bound to {}, not loopback (SLUICE_HOST)",
                        host.isBlank() ? "every interface" : host);
            }
            return loopback;
        }
    }
}
