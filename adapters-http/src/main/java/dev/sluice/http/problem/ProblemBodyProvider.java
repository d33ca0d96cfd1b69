package dev.sluice.http.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes every framework error (unknown path, wrong method, unsupported media type, body too large,
 * unreadable body) an RFC 9457 {@code application/problem+json} body.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class ProblemBodyProvider implements JsonErrorResponseBodyProvider<Map<String, Object>> {

    @Override
    public Map<String, Object> body(ErrorContext context, HttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail = null;
        List<Map<String, String>> errors = new ArrayList<>();
        for (Error error : context.getErrors()) {
            if (detail == null) {
                detail = error.getMessage();
            }
            error.getPath().ifPresent(path -> errors.add(Problems.error(path, error.getMessage())));
        }
        if (status.getCode() >= 500) {
            detail = "An unexpected error occurred; see the server log"; // never leak internals
        }
        return Problems.body(status, Problems.slug(status), status.getReason(), detail,
                context.getRequest().getPath(), errors);
    }

    @Override
    public String contentType() {
        return Problems.PROBLEM_JSON.toString();
    }
}
