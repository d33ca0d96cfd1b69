package dev.sluice.http;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.ObserveNotifications;
import io.micronaut.context.annotation.Requires;
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

/** Every notification (S3): sent, or failed and replayable. */
@Controller("/api/notifications")
@Requires(beans = ObserveNotifications.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "notifications")
final class NotificationsController {

    private final ObserveNotifications notifications;

    NotificationsController(ObserveNotifications notifications) {
        this.notifications = notifications;
    }

    @RequiresScope("admin")
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Notification records, newest first",
            description = "Rule, event id, recipient, status (sent or failed), attempts and the last error of each.")
    List<ObserveNotifications.Record> list(@QueryValue @Nullable Integer limit) {
        return notifications.list(limit == null ? 200 : Math.max(1, Math.min(limit, 10_000)));
    }

    @RequiresScope("admin")
    @Post(uri = "/{id}/replay", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a failed notification again", description = "With the current data of its entities; "
            + "answers the record afterwards. A sent notification is not sent again.")
    ObserveNotifications.Record replay(@PathVariable String id) {
        return notifications.replay(id);
    }
}
