package dev.sluice.http.security;

import dev.sluice.ports.in.AuditTrail;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit trail, for administrators. */
@Controller("/api/audit")
@Requires(beans = AuditTrail.class)
@Tag(name = "access")
final class AuditController {

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @RequiresScope(Scopes.ADMIN)
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "What administrators did, newest first",
            description = "Each admin action (routes, dead letters, replays, notifications, simulator, demo generators) "
                    + "with who did it, the method and path, the status it got (refusals too) and when. limit: 1 to 1000, default 100.")
    List<Map<String, Object>> recent(@QueryValue @Nullable Integer limit) {
        return audit.recent(limit == null ? 100 : Math.max(1, Math.min(limit, 1000))).stream().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("who", e.who());
            entry.put("action", e.action());
            entry.put("status", e.status());
            entry.put("at", e.at().toString());
            return entry;
        }).toList();
    }
}
