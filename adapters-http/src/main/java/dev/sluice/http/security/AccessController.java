package dev.sluice.http.security;

import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.token.generator.TokenGenerator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether access control is on and who the caller is (for the console's banner), and the console's
 * login: an API key exchanged for a short session in the HttpOnly cookie the server reads, so the page
 * never holds the key after the login form.
 */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "access")
final class AccessController {

    static final String COOKIE = "sluice_token";

    private final AccessGuard access;
    private final ApiKeys keys;
    private final Optional<TokenGenerator> tokens;
    private final Duration sessionTtl;

    AccessController(AccessGuard access, ApiKeys keys, Optional<TokenGenerator> tokens, AccessSettings settings) {
        this.access = access;
        this.keys = keys;
        this.tokens = tokens;
        this.sessionTtl = settings.getSessionTtl();
    }

    @Get(uri = "/access", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether access control is on, and the caller's name and scopes")
    Map<String, Object> access(@Nullable Authentication authentication) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessControl", access.enabled() ? "on" : "off");
        body.put("listensOn", access.host());
        body.put("caller", authentication == null ? null : authentication.getName());
        body.put("scopes", authentication == null ? List.of() : List.copyOf(Scopes.of(authentication)));
        return body;
    }

    /** The login form's body. */
    @io.micronaut.serde.annotation.Serdeable
    record Login(@Nullable String apiKey) {}

    @Post(uri = "/login", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Log the console in with an API key",
            description = "Answers the key's name and scopes and sets the HttpOnly, SameSite=Strict cookie sluice_token "
                    + "(Secure over HTTPS) holding a session of sluice.security.session-ttl; the key itself is not kept.")
    HttpResponse<Map<String, Object>> login(HttpRequest<?> request, @Body Login login) {
        if (login.apiKey() == null || login.apiKey().isBlank()) {
            throw new InvalidInputException("no API key", List.of(new Violation("/apiKey", "is required")));
        }
        Authentication who = keys.authenticate(login.apiKey().trim())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.UNAUTHORIZED, "this API key is not known"));
        TokenGenerator generator = tokens.orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                "console sessions need a signing key (SLUICE_CLIENTS_JWT_SECRET)"));
        String session = generator.generateToken(Authentication.build(who.getName(), who.getRoles()),
                        Math.toIntExact(sessionTtl.toSeconds()))
                .orElseThrow(() -> new HttpStatusException(HttpStatus.SERVICE_UNAVAILABLE, "no session could be made"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("caller", who.getName());
        body.put("scopes", List.copyOf(who.getRoles()));
        body.put("expiresAt", Instant.now().plus(sessionTtl).toString());
        return HttpResponse.ok(body).cookie(Cookie.of(COOKIE, session).httpOnly(true).sameSite(SameSite.Strict)
                .path("/").maxAge(sessionTtl).secure(request.isSecure()));
    }

    @Delete(uri = "/login")
    @Operation(summary = "Log the console out (the cookie is cleared)")
    HttpResponse<Void> logout(HttpRequest<?> request) {
        return HttpResponse.<Void>noContent().cookie(Cookie.of(COOKIE, "").httpOnly(true).sameSite(SameSite.Strict)
                .path("/").maxAge(0).secure(request.isSecure()));
    }
}
