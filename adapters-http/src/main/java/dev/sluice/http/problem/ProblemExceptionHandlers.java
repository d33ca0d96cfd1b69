package dev.sluice.http.problem;

import dev.sluice.ports.in.ConflictException;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.NotFoundException;
import dev.sluice.ports.in.StaleVersionException;
import dev.sluice.ports.in.UnknownReferenceException;
import dev.sluice.ports.event.BrokerUnavailableException;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the ports' exceptions to problem responses. */
@Factory
final class ProblemExceptionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionHandlers.class);

    @Singleton
    ExceptionHandler<InvalidInputException, HttpResponse<?>> invalidInput() {
        return (HttpRequest request, InvalidInputException e) ->
                Problems.asProblem(HttpResponse.badRequest(Problems.body(HttpStatus.BAD_REQUEST, "invalid-input",
                        "Invalid input", e.getMessage(), request.getPath(), errors(e))));
    }

    @Singleton
    ExceptionHandler<UnknownReferenceException, HttpResponse<?>> unknownReference() {
        return (HttpRequest request, UnknownReferenceException e) ->
                Problems.asProblem(HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(Problems.body(
                        HttpStatus.UNPROCESSABLE_ENTITY, "unknown-reference", "Unknown reference", e.getMessage(),
                        request.getPath(), errors(e))));
    }

    /** One RFC 9457 error member per violation: its JSON pointer and what is wrong. */
    private static List<Map<String, String>> errors(InvalidInputException e) {
        return e.violations().stream().map(v -> Problems.error(v.pointer(), v.message())).toList();
    }

    @Singleton
    ExceptionHandler<NotFoundException, HttpResponse<?>> notFound() {
        return (HttpRequest request, NotFoundException e) -> Problems.asProblem(HttpResponse.notFound(
                Problems.body(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), request.getPath(), null)));
    }

    @Singleton
    ExceptionHandler<ConflictException, HttpResponse<?>> conflict() {
        return (HttpRequest request, ConflictException e) -> Problems.asProblem(HttpResponse.status(HttpStatus.CONFLICT)
                .body(Problems.body(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage(), request.getPath(), null)));
    }

    /** 412, with the current version's tag, so that the client can read it again and decide. */
    @Singleton
    ExceptionHandler<StaleVersionException, HttpResponse<?>> staleVersion() {
        return (HttpRequest request, StaleVersionException e) -> {
            var response = HttpResponse.status(HttpStatus.PRECONDITION_FAILED).body(Problems.body(
                    HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed", e.getMessage(),
                    request.getPath(), null));
            if (e.currentTag() != null) {
                response.header("ETag", "\"" + e.currentTag() + "\"");
            }
            return Problems.asProblem(response);
        };
    }

    @Singleton
    ExceptionHandler<BrokerUnavailableException, HttpResponse<?>> brokerUnavailable() {
        return (HttpRequest request, BrokerUnavailableException e) -> {
            LOG.warn("{} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
            long seconds = Math.max(1, e.retryAfter() == null ? 5 : e.retryAfter().toSeconds());
            // a read (a stream, a table) acknowledges nothing: say what did not work for it
            boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
            String detail = read ? "The broker cannot be reached, so nothing can be read now. Retry after " + seconds + " s."
                    : "The broker did not acknowledge in time; nothing was acknowledged to you. Retry after " + seconds + " s.";
            return Problems.asProblem(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", String.valueOf(seconds))
                    .body(Problems.body(HttpStatus.SERVICE_UNAVAILABLE, "broker-unavailable", "Broker unavailable",
                            detail, request.getPath(), null)));
        };
    }

    @Singleton
    ExceptionHandler<IllegalArgumentException, HttpResponse<?>> badArgument() {
        return (HttpRequest request, IllegalArgumentException e) -> Problems.asProblem(HttpResponse.badRequest(
                Problems.body(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage(), request.getPath(),
                        null)));
    }
}
