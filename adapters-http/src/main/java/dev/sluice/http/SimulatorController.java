package dev.sluice.http;

import dev.sluice.http.security.Quota;
import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.InvalidInputException;
import dev.sluice.ports.in.RunSimulator;
import dev.sluice.ports.in.Violation;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bookstore simulator (S4): start, stop, and how far it got. */
@Controller("/api/simulator")
@Requires(beans = RunSimulator.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "simulator")
final class SimulatorController {

    private static final Set<String> FIELDS = Set.of("seed", "events", "rate", "startTime");
    private static final String START_EXAMPLE =
            "{\"seed\": 42, \"events\": 10000, \"rate\": 0, \"startTime\": \"2026-01-01T00:00:00Z\"}";

    private final RunSimulator simulator;

    SimulatorController(RunSimulator simulator) {
        this.simulator = simulator;
    }

    @RequiresScope("admin")
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The simulator's state", description = "Whether it runs, its settings, and the events the "
            + "log acknowledged per topic in the current or last run.")
    RunSimulator.Status status() {
        return simulator.status();
    }

    @RequiresScope("admin")
    @Quota(Quota.GENERATORS)
    @Post(uri = "/start", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Start the bookstore simulator", description = "Writes the catalogue to book and customer, "
            + "then browse, cart, purchase, payment and shipping events to interaction, purchase, payment and shipping, "
            + "on a simulated clock: the same seed and startTime give the same events at the same times. Every field "
            + "is optional: seed 42, events unlimited (until stopped), rate 0 (as fast as the log takes them), "
            + "startTime now.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Object.class),
            examples = @ExampleObject(name = "ten thousand events", value = START_EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "Started")
    @ApiResponse(responseCode = "400", description = "A setting is invalid; nothing started")
    @ApiResponse(responseCode = "409", description = "The simulator is already running")
    @ApiResponse(responseCode = "429", description = "Over the caller's generators quota; retry after Retry-After")
    RunSimulator.Status start(HttpRequest<?> request, @Nullable @Body byte[] body) {
        if (body == null || body.length == 0) {
            return simulator.start(new RunSimulator.Settings(null, null, null, null));
        }
        if (!(JsonBodies.parse(request, body) instanceof Map<?, ?> fields)) {
            throw new InvalidInputException("invalid simulator settings",
                    List.of(new Violation("", "must be a JSON object such as " + START_EXAMPLE)));
        }
        List<Violation> violations = new ArrayList<>();
        fields.keySet().stream().map(String::valueOf).filter(k -> !FIELDS.contains(k)).sorted()
                .forEach(k -> violations.add(new Violation("/" + k, "unknown field; allowed: events, rate, seed, startTime")));
        Long seed = whole(fields.get("seed"), "/seed", violations);
        Long events = whole(fields.get("events"), "/events", violations);
        Double rate = null;
        Object r = fields.get("rate");
        if (r instanceof Number n) {
            rate = n.doubleValue();
        } else if (r != null) {
            violations.add(new Violation("/rate", "must be a number of events per second"));
        }
        Instant startTime = null;
        Object t = fields.get("startTime");
        if (t instanceof String text) {
            try {
                startTime = Instant.parse(text);
            } catch (DateTimeParseException e) {
                violations.add(new Violation("/startTime", "must be an RFC 3339 time such as 2026-01-01T00:00:00Z"));
            }
        } else if (t != null) {
            violations.add(new Violation("/startTime", "must be an RFC 3339 time such as 2026-01-01T00:00:00Z"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException("invalid simulator settings", violations);
        }
        return simulator.start(new RunSimulator.Settings(seed, events, rate, startTime));
    }

    @RequiresScope("admin")
    @Post(uri = "/stop", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop the bookstore simulator", description = "After the batch it is writing; answers the "
            + "final state. Stopping a simulator that does not run changes nothing.")
    RunSimulator.Status stop() {
        return simulator.stop();
    }

    private static Long whole(Object value, String pointer, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).longValueExact();
            } catch (ArithmeticException e) {
                // a fraction, or beyond a long: refused below
            }
        }
        violations.add(new Violation(pointer, "must be a whole number"));
        return null;
    }
}
