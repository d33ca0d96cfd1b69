package dev.sluice.http.security;

import dev.sluice.ports.in.AuditTrail;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every admin action (a request to an endpoint that needs {@code admin}, other than a read) in
 * the audit trail once it is answered, refused ones too: who, what, the status, when. Only those
 * answers wait for the trail (on the blocking executor: recording waits for the log); every other answer
 * goes on where it is, without a hop to another thread.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = AuditTrail.class)
final class AuditFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditTrail audit;
    private final ExecutorService blocking;

    AuditFilter(AuditTrail audit, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.audit = audit;
        this.blocking = blocking;
    }

    /** Before the security filter, so that the answers it refuses pass through here too. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @ResponseFilter
    CompletionStage<MutableHttpResponse<?>> record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD
                || request.getMethod() == HttpMethod.OPTIONS || !Scopes.ADMIN.equals(ScopeRule.requiredScope(request))) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.supplyAsync(() -> {
            record(request, response.code());
            return response;
        }, blocking);
    }

    private void record(HttpRequest<?> request, int status) {
        String who = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .map(Authentication::getName).orElse("anonymous");
        String action = request.getMethod() + " " + request.getPath();
        try {
            audit.record(new AuditTrail.Entry(who, action, status, Instant.now()));
        } catch (RuntimeException e) {
            LOG.error("could not record '{}' by {} in the audit trail: {}", action, who, e.toString());
        }
    }
}
