package dev.sluice.http.commerce;

import dev.sluice.http.security.RequiresScope;
import dev.sluice.ports.in.ManageCommerce;
import dev.sluice.ports.in.ManageCommerce.Entity;
import dev.sluice.http.JsonBodies;
import dev.sluice.ports.in.NotFoundException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Create, update, read and list one kind of commerce entity (scenario S3); one subclass per entity
 * fixes the path. Bodies are JSON objects; errors are problem+json: 400 for bad fields or a state an
 * order cannot move to, 422 for a reference to an entity that does not exist, 404, and 503 when the
 * broker did not acknowledge. Nothing is written for a rejected change.
 */
abstract class CommerceEndpoints {

    private final ManageCommerce commerce;
    private final Entity entity;

    CommerceEndpoints(ManageCommerce commerce, Entity entity) {
        this.commerce = commerce;
        this.entity = entity;
    }

    // any type reaches the method; JsonBodies answers 415 unless it is application/json or +json
    @RequiresScope("write:{entity}")
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Create one", description = "Validates the entity, appends its *_created event to the "
            + "entity's compacted topic and answers once the latest-value table holds it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class)))
    @ApiResponse(responseCode = "201", description = "Created; Location names it")
    @ApiResponse(responseCode = "400", description = "Invalid fields (problem+json, one error per field)")
    @ApiResponse(responseCode = "422", description = "A referenced entity does not exist (problem+json naming which)")
    @ApiResponse(responseCode = "503", description = "The broker did not acknowledge")
    HttpResponse<Map<String, Object>> create(HttpRequest<?> request, @Body byte[] body) {
        Map<String, Object> created = commerce.create(entity, JsonBodies.parse(request, body));
        return HttpResponse.created(created, URI.create("/api/" + entity.plural() + "/" + created.get("id")));
    }

    @RequiresScope("write:{entity}")
    @Put(uri = "/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Update one", description = "Applies the given fields (the others keep their value) and "
            + "appends the *_updated event. An order's state moves pending → confirmed → shipped → delivered, or "
            + "to cancelled from pending or confirmed.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Object.class)))
    @ApiResponse(responseCode = "200", description = "Updated")
    @ApiResponse(responseCode = "400", description = "Invalid fields, or a state the order cannot move to")
    @ApiResponse(responseCode = "404", description = "No such entity")
    @ApiResponse(responseCode = "422", description = "A referenced entity does not exist")
    Map<String, Object> update(HttpRequest<?> request, @PathVariable String id, @Body byte[] body) {
        return commerce.update(entity, id, JsonBodies.parse(request, body));
    }

    @RequiresScope("read:{entity}")
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Read one", description = "From the latest-value table built from the entity's topic.")
    @ApiResponse(responseCode = "200", description = "The entity")
    @ApiResponse(responseCode = "404", description = "No such entity")
    Map<String, Object> get(@PathVariable String id) {
        return commerce.get(entity, id).orElseThrow(
                () -> new NotFoundException("no " + entity.singular() + " with id '" + id + "'"));
    }

    @RequiresScope("read:{entity}")
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "List all", description = "Every entity of this kind, ordered by id.")
    List<Map<String, Object>> list() {
        return commerce.list(entity);
    }
}
