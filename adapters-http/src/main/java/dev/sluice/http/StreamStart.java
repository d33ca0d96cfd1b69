package dev.sluice.http;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * Where an SSE stream starts, as every stream endpoint takes it (bound with {@code @RequestBean}):
 * {@code Last-Event-ID} (or {@code ?lastEventId=}) resumes right after that event, {@code ?from=earliest}
 * replays what the topic retains, and the default is "from now".
 */
@Introspected
record StreamStart(
        @Parameter(description = "Resume right after this event id (sent by EventSource on reconnect)")
        @Header("Last-Event-ID") @Nullable String lastEventIdHeader,
        @Parameter(description = "Resume right after this event id (for pages that hand it over)")
        @QueryValue @Nullable String lastEventId,
        @Parameter(description = "'earliest' replays what the topic retains; default 'latest' (now)", example = "earliest")
        @QueryValue @Nullable String from) {

    /** The id to resume after: the header's, else the query parameter's; null for none. */
    @Nullable
    String resumeAfter() {
        return lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventId;
    }
}
