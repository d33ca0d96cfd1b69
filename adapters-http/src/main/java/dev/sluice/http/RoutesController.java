package dev.sluice.http;

import dev.sluice.ports.in.ManageDeadLetters;
import dev.sluice.ports.in.ObserveRoutes;
import dev.sluice.ports.in.SubscribeToChannel;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The declared routes and SSE channels, delivery attempts, and the dead letters of webhook routes. */
@Controller("/api")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class RoutesController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final SubscribeToChannel channels;
    private final ManageDeadLetters deadLetters;
    private final ObserveRoutes observe;

    RoutesController(SubscribeToChannel channels, ManageDeadLetters deadLetters, ObserveRoutes observe) {
        this.channels = channels;
        this.deadLetters = deadLetters;
        this.observe = observe;
    }

    @Get(uri = "/routes", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "routes")
    @Operation(summary = "List the routes with their counters",
            description = "Every declared route: source topic, pipeline, sink, and how many events were read, passed "
                    + "the pipeline, were delivered, failed or were dead-lettered since start-up.")
    List<ObserveRoutes.RouteView> routes() {
        return observe.routes();
    }

    @Get(uri = "/routes/{route}/attempts", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "webhooks")
    @Operation(summary = "Recent delivery attempts of a webhook route",
            description = "Newest first: status, latency, attempt number and when the next retry is due.")
    List<ObserveRoutes.AttemptView> attempts(@PathVariable String route, @QueryValue @Nullable Integer limit) {
        return observe.attempts(route, limit(limit));
    }

    @Get(uri = "/channels", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "streams")
    @Operation(summary = "List the SSE channels", description = "Each channel streams at /{name}/stream.")
    List<SubscribeToChannel.ChannelInfo> channels() {
        return channels.channels();
    }

    @Get(uri = "/dead-letters/{route}", produces = MediaType.APPLICATION_JSON)
    @Tag(name = "webhooks")
    @Operation(summary = "List a webhook route's dead letters",
            description = "Events the route gave up on and that were not replayed yet, oldest first.")
    List<ManageDeadLetters.DeadLetterView> list(@PathVariable String route, @QueryValue @Nullable Integer limit) {
        return deadLetters.list(route, limit(limit));
    }

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
