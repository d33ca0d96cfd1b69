package dev.sluice.http.problem;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds RFC 9457 problem details. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    static final String TYPE_BASE = "https://sluice.dev/problems/";

    private Problems() {}

    /**
     * @param type   short problem type, appended to {@value #TYPE_BASE}
     * @param errors per-field errors ({@code pointer}, {@code detail}), or null
     */
    public static Map<String, Object> body(HttpStatus status, String type, String title, String detail,
                                           String instance, List<Map<String, String>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status.getCode());
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        if (errors != null && !errors.isEmpty()) {
            body.put("errors", errors);
        }
        return body;
    }

    /** One per-field error, {@code pointer} first. */
    public static Map<String, String> error(String pointer, String detail) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("pointer", pointer);
        error.put("detail", detail);
        return error;
    }

    static <T> MutableHttpResponse<T> asProblem(MutableHttpResponse<T> response) {
        return response.contentType(PROBLEM_JSON);
    }

    /** A problem type slug from a status, such as {@code not-found}. */
    static String slug(HttpStatus status) {
        return status.getReason().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
    }
}
