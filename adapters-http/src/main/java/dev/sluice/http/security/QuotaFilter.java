package dev.sluice.http.security;

import dev.sluice.http.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each caller to the quota of the endpoint it calls ({@link Quota}): a request over it is answered
 * 429 problem+json with {@code Retry-After} (whole seconds, rounded up) before the endpoint reads its body,
 * so nothing is written. The caller is the authenticated principal (an API key's name, a token's subject);
 * without one, as on loopback without access control, every remote address is one anonymous caller.
 * Runs after the security filter, so that a request refused for its credentials takes nothing from
 * anyone's bucket.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class QuotaFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaFilter.class);

    private final QuotaBuckets buckets;

    QuotaFilter(QuotaBuckets buckets) {
        this.buckets = buckets;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        if (!buckets.enabled()) {
            return null;
        }
        String kind = quotaOf(request);
        if (kind == null) {
            return null;
        }
        String principal = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .map(Authentication::getName).orElse(null);
        String address = request.getRemoteAddress().getAddress() == null ? request.getRemoteAddress().getHostString()
                : request.getRemoteAddress().getAddress().getHostAddress();
        Optional<Duration> wait = buckets.take(kind, principal, address);
        if (wait.isEmpty()) {
            return null;
        }
        long seconds = Math.max(1, (wait.get().toNanos() + 999_999_999L) / 1_000_000_000L);
        QuotaBuckets.Limit limit = buckets.limit(kind, principal);
        String who = principal != null ? principal : "anonymous@" + address;
        LOG.debug("{} over its {} quota: {} {}", who, kind, request.getMethod(), request.getPath());
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", String.valueOf(seconds))
                .contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded",
                        who + " may make " + limit.requests() + " " + kind + " requests per " + per(limit.per())
                                + "; nothing was done. Retry after " + seconds + " s.", request.getPath(), null));
    }

    /** The quota of the matched endpoint; null when it has none. */
    static String quotaOf(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .filter(match -> match instanceof MethodBasedRouteMatch<?, ?>)
                .flatMap(match -> ((MethodBasedRouteMatch<?, ?>) match).stringValue(Quota.class))
                .orElse(null);
    }

    private static String per(Duration per) {
        return per.toString().substring(2).toLowerCase(java.util.Locale.ROOT); // PT1M → 1m
    }
}
