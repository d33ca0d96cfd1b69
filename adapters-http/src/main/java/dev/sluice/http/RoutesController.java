package dev.sluice.http;

import dev.sluice.ports.in.ManageDeadLetters;
import dev.sluice.ports.in.SubscribeToChannel;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
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

/** The declared SSE channels, and the dead letters of webhook routes. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
final class RoutesController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    private final SubscribeToChannel channels;
    private final ManageDeadLetters deadLetters;

    RoutesController(SubscribeToChannel channels, ManageDeadLetters deadLetters) {
        this.channels = channels;
        this.deadLetters = deadLetters;
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
