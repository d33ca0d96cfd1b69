package dev.sluice.http.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecuredAnnotationRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Decides every endpoint that declares {@link RequiresScope}: open when access control is off (loopback
 * only, {@link AccessGuard}), otherwise allowed when the caller's scopes cover the endpoint's. A rejected
 * caller without credentials gets 401, one with too few scopes 403, both as problem+json. Endpoints that
 * declare nothing fall to Micronaut's {@code @Secured} rule, and without that are refused.
 */
@Singleton
final class ScopeRule implements SecurityRule<HttpRequest<?>> {

    private final AccessGuard access;

    ScopeRule(AccessGuard access) {
        this.access = access;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        String required = request == null ? null : requiredScope(request);
        if (required == null) {
            return Publishers.just(SecurityRuleResult.UNKNOWN);
        }
        if (!access.enabled()) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        boolean allowed = authentication != null && Scopes.covers(Scopes.of(authentication), required);
        return Publishers.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    /** The scope the matched endpoint needs, with its path variables filled in; null when it declares none. */
    static String requiredScope(HttpRequest<?> request) {
        RouteMatch<?> match = RouteAttributes.getRouteMatch(request).orElse(null);
        if (!(match instanceof MethodBasedRouteMatch<?, ?> method)) {
            return null;
        }
        String entity = method.stringValue(ScopeName.class).orElse("");
        return method.stringValue(RequiresScope.class)
                .map(scope -> Scopes.resolve(scope, match.getVariableValues()).replace("{entity}", entity))
                .orElse(null);
    }

    @Override
    public int getOrder() {
        return SecuredAnnotationRule.ORDER - 100; // before @Secured, which the open endpoints use
    }
}
