package dev.sluice.http;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.ManageDeadLetters;
import dev.sluice.ports.in.ManageRoutes;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.SubscribeToChannel;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.exceptions.HttpStatusException;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/**
 * The routes and SSE channels, delivery attempts, the dead letters of webhook routes, and routes made at
 * run time: created, replaced, paused, resumed and deleted here, as JSON or YAML bodies, guarded by ETags
 * ({@code If-Match} is required to replace or delete: 428 without it, 412 when the route changed since).
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
final class RoutesController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final SubscribeToChannel channels;
    private final ManageDeadLetters deadLetters;
    private final ObserveRoutes observe;
    private final ManageRoutes manage;

    RoutesController(SubscribeToChannel channels, ManageDeadLetters deadLetters, ObserveRoutes observe,
                     ManageRoutes manage) {
        this.channels = channels;
        this.deadLetters = deadLetters;
        this.observe = observe;
        this.manage = manage;
    }

    @RequiresScope("admin")
    @Get(uri = "/routes", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "routes")
    @Operation(summary = "List the routes with their counters",
            description = "Every declared route: source topic, pipeline, sink, and how many events were read, passed "
                    + "the pipeline, were delivered, failed or were dead-lettered since start-up.")
    List<ObserveRoutes.RouteView> routes() {
        return observe.routes();
    }

    @RequiresScope("admin")
    @Post(uri = "/routes", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Tag(name = "routes")
    @Operation(summary = "Create a route at run time",
            description = "The body is a route as in configuration plus its name, as JSON or YAML "
                    + "(application/yaml), such as {\"name\": \"erp-orders\", \"from\": \"orders\", \"group\": "
                    + "\"erp-orders\", \"to\": \"webhook\", \"options\": {\"url\": \"http://erp/hook\"}}. It is checked "
                    + "as a route in configuration is (a mistake is a 400 pointing at the key), kept on Sluice's log "
                    + "(it survives a restart, every instance runs it) and runs when the answer comes. Values are "
                    + "taken as written: no ${...} placeholders.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class)))
    @ApiResponse(responseCode = "201", description = "Created and running; Location and ETag name it")
    @ApiResponse(responseCode = "400", description = "Not a valid route (problem+json, pointer to the key)")
    @ApiResponse(responseCode = "409", description = "A route of that name exists")
    @ApiResponse(responseCode = "503", description = "The log did not store the change in time")
    HttpResponse<ManageRoutes.RouteDefinition> create(HttpRequest<?> request, @Body byte[] body) {
        ManageRoutes.RouteDefinition created = manage.create(RouteBodies.definition(request, body));
        return tagged(HttpResponse.created(created, URI.create("/api/routes/" + encode(created.name()))), created);
    }

    @RequiresScope("admin")
    @Get(uri = "/routes/{name}", produces = {MediaType.APPLICATION_JSON, RouteBodies.YAML})
    @Tag(name = "routes")
    @Operation(summary = "A route's definition",
            description = "With its version and ETag (send it back in If-Match to change it). With Accept: "
                    + "application/yaml, the definition alone as YAML, ready to edit and PUT back. A route of "
                    + "configuration is read-only and its definition stays in the configuration.")
    @ApiResponse(responseCode = "200", description = "The definition; ETag header")
    @ApiResponse(responseCode = "404", description = "No such route")
    HttpResponse<?> definition(HttpRequest<?> request, @PathVariable String name) {
        ManageRoutes.RouteDefinition route = manage.get(name);
        if (RouteBodies.wantsYaml(request)) {
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("name", route.name());
            named.putAll(route.definition());
            return tagged(HttpResponse.ok(RouteBodies.toYaml(named)).contentType(RouteBodies.YAML), route);
        }
        return tagged(HttpResponse.ok(route), route);
    }

    @RequiresScope("admin")
    @Put(uri = "/routes/{name}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Tag(name = "routes")
    @Operation(summary = "Replace a route made at run time",
            description = "Needs If-Match with the ETag it was read with (or *). The body is the whole new "
                    + "definition, JSON or YAML; the route stops and runs again with it (a push route goes on "
                    + "from its group's position when the group stays the same).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class)))
    @ApiResponse(responseCode = "200", description = "Replaced; the new ETag")
    @ApiResponse(responseCode = "400", description = "Not a valid route")
    @ApiResponse(responseCode = "404", description = "No such route")
    @ApiResponse(responseCode = "409", description = "A route of configuration (read-only)")
    @ApiResponse(responseCode = "412", description = "The route changed since that ETag")
    @ApiResponse(responseCode = "428", description = "No If-Match")
    HttpResponse<ManageRoutes.RouteDefinition> replace(HttpRequest<?> request, @PathVariable String name,
                                                       @Body byte[] body) {
        List<String> ifMatch = ifMatch(request, true);
        ManageRoutes.RouteDefinition replaced = manage.replace(name, RouteBodies.definition(request, body), ifMatch);
        return tagged(HttpResponse.ok(replaced), replaced);
    }

    @RequiresScope("admin")
    @Delete(uri = "/routes/{name}")
    @Tag(name = "routes")
    @Operation(summary = "Delete a route made at run time",
            description = "Needs If-Match. Its consumer stops and its SSE connections end; its consumer group and "
                    + "dead letters stay.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such route")
    @ApiResponse(responseCode = "409", description = "A route of configuration (read-only)")
    @ApiResponse(responseCode = "412", description = "The route changed since that ETag")
    @ApiResponse(responseCode = "428", description = "No If-Match")
    HttpResponse<Void> delete(HttpRequest<?> request, @PathVariable String name) {
        manage.delete(name, ifMatch(request, true));
        return HttpResponse.noContent();
    }

    @RequiresScope("admin")
    @Post(uri = "/routes/{name}/pause", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "routes")
    @Operation(summary = "Pause a push route made at run time",
            description = "Its consumer stops; its group keeps its position, so resume goes on from there. If-Match "
                    + "is optional here. Kept on the log, so it stays paused after a restart.")
    @ApiResponse(responseCode = "200", description = "Paused; the new ETag")
    @ApiResponse(responseCode = "409", description = "A route of configuration, or an SSE route")
    HttpResponse<ManageRoutes.RouteDefinition> pause(HttpRequest<?> request, @PathVariable String name) {
        ManageRoutes.RouteDefinition paused = manage.pause(name, ifMatch(request, false));
        return tagged(HttpResponse.ok(paused), paused);
    }

    @RequiresScope("admin")
    @Post(uri = "/routes/{name}/resume", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "routes")
    @Operation(summary = "Resume a paused push route", description = "Its consumer joins its group again and goes on "
            + "from where it stopped. If-Match is optional here. Also resumes a route, one of configuration too, that "
            + "Sluice paused because its webhook answered 410 Gone: it goes on from the event that got the 410.")
    @ApiResponse(responseCode = "200", description = "Running; the new ETag")
    @ApiResponse(responseCode = "409", description = "A route of configuration that Sluice did not pause, or an SSE route")
    HttpResponse<ManageRoutes.RouteDefinition> resume(HttpRequest<?> request, @PathVariable String name) {
        ManageRoutes.RouteDefinition resumed = manage.resume(name, ifMatch(request, false));
        return tagged(HttpResponse.ok(resumed), resumed);
    }

    /** The route's version tag as the ETag header (none for a route of configuration). */
    private static <T> MutableHttpResponse<T> tagged(MutableHttpResponse<T> response, ManageRoutes.RouteDefinition route) {
        return route.etag() == null ? response : response.header(HttpHeaders.ETAG, "\"" + route.etag() + "\"");
    }

    /**
     * The tags of {@code If-Match}; empty for {@code *} (whatever is current). A weak tag ({@code W/"…"}) never
     * matches, as RFC 9110 wants for If-Match; a bare one is taken as if quoted.
     */
    static List<String> ifMatch(HttpRequest<?> request, boolean required) {
        String header = request.getHeaders().get(HttpHeaders.IF_MATCH);
        if (header == null || header.isBlank()) {
            if (required) {
                throw new HttpStatusException(HttpStatus.PRECONDITION_REQUIRED, "Send If-Match with the ETag the route"
                        + " was read with (GET /api/routes/{name}), or If-Match: * to change whatever is current");
            }
            return List.of();
        }
        if (header.trim().equals("*")) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tag = tag.substring(1, tag.length() - 1);
            }
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @RequiresScope("admin")
    @Get(uri = "/routes/{route}/attempts", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "webhooks")
    @Operation(summary = "Recent delivery attempts of a webhook route",
            description = "Newest first: status, latency, attempt number and when the next retry is due.")
    List<ObserveRoutes.AttemptView> attempts(@PathVariable String route, @QueryValue @Nullable Integer limit) {
        return observe.attempts(route, limit(limit));
    }

    @RequiresScope("read:*")
    @Get(uri = "/channels", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "streams")
    @Operation(summary = "List the SSE channels", description = "Each channel streams at /{name}/stream.")
    List<SubscribeToChannel.ChannelInfo> channels() {
        return channels.channels();
    }

    @RequiresScope("admin")
    @Get(uri = "/dead-letters/{route}", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "webhooks")
    @Operation(summary = "List a webhook route's dead letters",
            description = "Events the route gave up on and that were not replayed yet, oldest first.")
    List<ManageDeadLetters.DeadLetterView> list(@PathVariable String route, @QueryValue @Nullable Integer limit) {
        return deadLetters.list(route, limit(limit));
    }

    @RequiresScope("admin")
    @Post(uri = "/dead-letters/{route}/replay", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "webhooks")
    @Operation(summary = "Replay a webhook route's dead letters",
            description = "Delivers pending dead letters again, oldest first, one attempt each; stops at the first "
                    + "that fails again, which stays pending with those after it.")
    ManageDeadLetters.ReplayReport replay(@PathVariable String route, @QueryValue @Nullable Integer limit) {
        return deadLetters.replay(route, limit(limit));
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        return Math.max(1, Math.min(limit, MAX_LIMIT));
    }
}
