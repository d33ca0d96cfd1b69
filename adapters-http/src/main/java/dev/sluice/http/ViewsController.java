package dev.sluice.http;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.QueryViews;
import dev.sluice.ports.in.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The streaming views (S4): their definitions and state, their current rows (pull queries) and every change
 * of their rows as Server-Sent Events (push queries).
 */
@Controller("/api/views")
@io.micronaut.context.annotation.Requires(beans = QueryViews.class)
@Tag(name = "views")
final class ViewsController {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    private static final String ROWS_EXAMPLE = "{\"view\": \"payments-per-5s\", \"rows\": [{\"key\": \"*\", "
            + "\"windowStart\": \"2026-01-01T00:00:05Z\", \"windowEnd\": \"2026-01-01T00:00:10Z\", \"total\": 5400}], "
            + "\"summary\": null}";

    private static final String LIST_EXAMPLE = "[{\"name\": \"payments-per-5s\", \"kind\": \"aggregate\", \"from\": "
            + "[\"payment\"], \"window\": \"tumbling 5s, grace 10s\", \"changesTopic\": \"sluice.view.payments-per-5s\", "
            + "\"definition\": [\"from: payment\", \"window: tumbling {size=5s, grace=10s}\", "
            + "\"aggregates: {total={sum=amount}, payments=count}\"], \"state\": \"RUNNING\"}]";

    private final QueryViews views;
    private final SseStreams sse;

    ViewsController(QueryViews views, SseStreams sse) {
        this.views = views;
        this.sse = sse;
    }

    @RequiresScope("read:*")
    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @ApiResponse(responseCode = "200", description = "The views", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one view", value = LIST_EXAMPLE)))
    @Operation(summary = "The declared views", description = "Each view's name, kind (aggregate, stream or coded), "
            + "source topics, window, changes topic, definition as declared, and the state of the views' runtime "
            + "(RUNNING once caught up, REBALANCING while it restores or catches up).")
    List<QueryViews.ViewInfo> list() {
        return views.views();
    }

    @RequiresScope("read:{view}")
    @Get(uri = "/{view}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "A view's current rows (pull query)", description = "Rows by key (and window start): key, "
            + "windowStart and windowEnd (ISO-8601, windowed views only), then the view's columns. Coded views add a "
            + "summary over all their rows.")
    @ApiResponse(responseCode = "200", description = "The rows", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "a 5 s window", value = ROWS_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "A query parameter is invalid")
    @ApiResponse(responseCode = "404", description = "No view has that name")
    @ApiResponse(responseCode = "503", description = "The views are restoring or the broker is away; retry after the given time")
    Map<String, Object> rows(@PathVariable String view,
                         @Parameter(description = "Only this group (or event key)") @QueryValue @Nullable String key,
                         @Parameter(description = "Windows starting at or after this instant (ISO-8601)", example = "2026-01-01T00:00:00Z")
                         @QueryValue @Nullable String from,
                         @Parameter(description = "Windows starting before this instant (ISO-8601)", example = "2026-01-01T01:00:00Z")
                         @QueryValue @Nullable String to,
                         @Parameter(description = "At most this many rows (1 to 10000, default 1000)")
                         @QueryValue @Nullable String limit) {
        List<Violation> violations = new ArrayList<>();
        Instant fromInstant = instant(from, "/from", violations);
        Instant toInstant = instant(to, "/to", violations);
        int max = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > MAX_LIMIT) {
                violations.add(new Violation("/limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limit + "'"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("invalid view query", violations);
        }
        QueryViews.Rows rows = views.rows(view, key == null || key.isEmpty() ? null : key, fromInstant, toInstant, max);
        // written out so that an empty list stays in the answer (the serializer leaves empty values out)
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("view", rows.view());
        answer.put("rows", rows.rows());
        if (rows.summary() != null) {
            answer.put("summary", rows.summary());
        }
        return answer;
    }

    @RequiresScope("read:{view}")
    @Get(uri = "/{view}/stream", produces = MediaType.TEXT_EVENT_STREAM)
    @Operation(summary = "Every change of a view's rows as Server-Sent Events (push query)",
            description = "Each event's data is the changed row as the pull query shows it (a row a coded view hides "
                    + "comes with \"deleted\": true), its id a cursor that Last-Event-ID resumes after. Default: from "
                    + "now; ?from=earliest replays the view's changes topic.")
    CompletionStage<HttpResponse<SseBody>> stream(
            @PathVariable String view,
            @RequestBean StreamStart position,
            HttpRequest<?> request) {
        return sse.open("view " + view, position, request,
                (start, listener) -> views.subscribe(view, start, listener));
    }

    private static Instant instant(@Nullable String text, String pointer, List<Violation> violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(pointer, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, was '" + text + "'"));
            return null;
        }
    }
}
