package dev.sluice.http.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Authenticates a request by its {@value #HEADER} header against the configured API keys. Keys are
 * never read from the URL (they would end up in access logs and browser history).
 */
@Singleton
final class ApiKeyFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;

    ApiKeyFetcher(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String presented = request.getHeaders().get(HEADER);
        if (presented == null || presented.isBlank() || !keys.any()) {
            return Publishers.empty();
        }
        return keys.authenticate(presented.trim()).map(Publishers::just).orElseGet(Publishers::empty);
    }
}
