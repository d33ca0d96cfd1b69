package dev.sluice.http;

import dev.sluice.http.security.Quota;
import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.SubscribeToClientStream;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Scenario S5: one client's own events as Server-Sent Events (the seed's {@code GET /sse?clientId=}),
 * resumable with {@code Last-Event-ID}; each event is acknowledged once handed to the connection.
 * Present when {@code sluice.clients.enabled} is true.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS) // checked per request below, so that the demo switch can turn it off
@Requires(beans = SubscribeToClientStream.class)
@Tag(name = "client streams")
final class ClientStreamController {

    private final SubscribeToClientStream clients;
    private final SseSettings sse;
    private final Duration hold;
    private final boolean authorize;

    ClientStreamController(SubscribeToClientStream clients, SseSettings sse,
                           @io.micronaut.context.annotation.Value("${sluice.clients.hold:120s}") Duration hold,
                           @io.micronaut.context.annotation.Value("${sluice.clients.auth-enabled:true}") boolean authorize) {
        this.clients = clients;
        this.sse = sse;
        this.hold = hold;
        this.authorize = authorize;
        if (!authorize) {
            org.slf4j.LoggerFactory.getLogger(ClientStreamController.class).warn(
                    "sluice.clients.auth-enabled=false: ANY caller can read ANY client's stream (local demo only)");
        }
    }

    /**
     * A client reads only its own stream: the token's subject must be the client id. The token comes
     * as a bearer header or as the HttpOnly cookie (EventSource cannot set headers); Micronaut
     * Security validates signature and expiry, and a missing or invalid token leaves no authentication.
     */
    private void authorize(String clientId, Authentication authentication) {
        if (!authorize) {
            return;
        }
        if (authentication == null) {
            throw new HttpStatusException(HttpStatus.UNAUTHORIZED, "a valid token whose subject is the client id is required");
        }
        if (!clientId.equals(authentication.getName())) {
            throw new HttpStatusException(HttpStatus.FORBIDDEN, "this token may read only the stream of its own client");
        }
    }

    @Get(uri = "/sse", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "A client's own events (seed endpoint)", description = "Same as /api/clients/{id}/events.")
    Publisher<Event<String>> seed(@QueryValue String clientId,
                                  @Header("Last-Event-ID") @Nullable String lastEventId,
                                  @Nullable Authentication authentication) {
        authorize(clientId, authentication);
        return stream(clientId, lastEventId);
    }

    @Get(uri = "/api/clients/{clientId}/events", produces = MediaType.TEXT_EVENT_STREAM)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "A client's own events as Server-Sent Events",
            description = "Only events whose client id is this one. The connection is held for sluice.clients.hold, "
                    + "then closed; EventSource reconnects with Last-Event-ID and nothing is missed.")
    Publisher<Event<String>> events(@PathVariable String clientId,
                                    @Header("Last-Event-ID") @Nullable String lastEventId,
                                    @Nullable Authentication authentication) {
        authorize(clientId, authentication);
        return stream(clientId, lastEventId);
    }

    private Publisher<Event<String>> stream(String clientId, String lastEventId) {
        Sinks.Many<Event<String>> sink = Sinks.many().unicast()
                .onBackpressureBuffer(new LinkedBlockingQueue<>(sse.getBuffer()));
        SubscribeToClientStream.Reader reader = new SubscribeToClientStream.Reader() {
            @Override
            public void onEvent(dev.sluice.ports.event.LoggedEvent e) {
                if (sink.tryEmitNext(Event.of(new String(e.event().payload(), StandardCharsets.UTF_8))
                        .id(e.position().value()).name(e.event().type())) == Sinks.EmitResult.FAIL_OVERFLOW) {
                    sink.tryEmitError(new IllegalStateException("client too slow"));
                }
            }

            @Override
            public void onError(Throwable error) {
                sink.tryEmitError(error);
            }
        };
        SubscribeToClientStream.Reading reading = clients.subscribe(clientId, blankToNull(lastEventId), reader);
        Flux<Event<String>> events = sink.asFlux()
                // handed to the connection: acknowledge, so the next connection does not get it again
                .doOnNext(e -> reading.acknowledge(e.getId()));
        Flux<Event<String>> heartbeats = Flux.interval(sse.getHeartbeat())
                .map(i -> Event.<String>of("").comment("heartbeat")).onBackpressureDrop();
        Flux<Event<String>> all = Flux.merge(Flux.just(Event.<String>of("").comment("connected as " + clientId)),
                events, heartbeats);
        if (!hold.isZero()) {
            all = all.take(hold);
        }
        return all.doFinally(signal -> reading.close());
    }

    @Get(uri = "/api/clients", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether client streams are on, whether tokens are checked, and the demo client ids")
    Map<String, Object> info() {
        return Map.of("enabled", true, "authEnabled", authorize, "demoClients", clients.demoClients());
    }

    @RequiresScope("admin")
    @Quota(Quota.GENERATORS)
    @Post(uri = "/sse/generateNE", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Generate demo events for the demo clients (seed endpoint)")
    Map<String, Integer> generateSeed(@QueryValue @Nullable Integer count) {
        return clients.generateDemoEvents(count(count));
    }

    @RequiresScope("admin")
    @Quota(Quota.GENERATORS)
    @Post(uri = "/api/clients/demo-events", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Generate demo events for the demo clients",
            description = "Publishes count events (default 5, at most 10000) for each demo client id to the clients' topic.")
    Map<String, Integer> generate(@QueryValue @Nullable Integer count) {
        return clients.generateDemoEvents(count(count));
    }

    private static int count(Integer count) {
        return count == null ? 5 : Math.max(1, Math.min(count, 10_000));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
