package dev.sluice.ports.in;

import java.util.List;
import java.util.Map;

/**
 * Use case: create, change, pause, resume and delete routes while Sluice runs, without a restart. A route
 * is given as a definition with the keys of a route in configuration ({@code from}, {@code group},
 * {@code pipeline}, {@code to}, {@code options}, {@code retry}, {@code fan-out}, …) plus its
 * {@code name}, as JSON-like values (maps, lists, text, numbers, booleans); it is checked by the same
 * code as a route in configuration, and a mistake is an {@link InvalidInputException} whose violation
 * points into the definition ({@code /options/url}). Every change is kept on Sluice's own log, so it
 * survives a restart and every instance applies it. Routes declared in configuration are read-only here.
 *
 * <p>Changes are guarded by versions: each change of a route gives it a new {@link RouteDefinition#etag()},
 * and a change made against another one fails with {@link StaleVersionException}, so two editors cannot
 * overwrite each other unawares.
 */
public interface ManageRoutes {

    /** {@link RouteDefinition#declaredIn()} of a route from configuration, which cannot be changed here. */
    String CONFIGURATION = "configuration";
    /** {@link RouteDefinition#declaredIn()} of a route made through this use case. */
    String API = "api";

    /**
     * A route's definition and how it is managed.
     *
     * @param definition the route's keys as given (no {@code name}); for a configured route as configuration
     *                   binds them
     * @param declaredIn {@value #CONFIGURATION} (read-only) or {@value #API}
     * @param paused     whether its consumer is stopped on purpose, or by Sluice because its destination is
     *                   gone (a webhook answered 410 Gone); push routes only
     * @param version    1 when created, one more with each change; 0 for a configured route
     * @param etag       the version's tag, to send back with a change; null for a configured route
     * @param failure    why the stored definition does not run here (a plugin this instance lacks), or null
     */
    record RouteDefinition(String name, Map<String, Object> definition, String declaredIn, boolean paused,
                           long version, String etag, String failure) {
        public RouteDefinition {
            definition = definition == null ? Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(definition));
        }

        public boolean readOnly() {
            return CONFIGURATION.equals(declaredIn);
        }
    }

    /**
     * The route's definition.
     *
     * @throws NotFoundException when no route has that name
     */
    RouteDefinition get(String name);

    /**
     * Creates a route from {@code body}: its {@code name} and definition. It runs once this returns.
     *
     * @throws InvalidInputException when the definition is not a valid route
     * @throws ConflictException     when a route of that name exists
     */
    RouteDefinition create(Map<String, Object> body);

    /**
     * Replaces a route's definition ({@code body} may repeat the name). A push route keeps its consumer
     * group's position when its group stays the same.
     *
     * @param ifMatch the tags the caller holds; empty for "whatever the current version is"
     * @throws NotFoundException      when no route has that name
     * @throws ConflictException      when the route is declared in configuration
     * @throws StaleVersionException  when the route's tag is none of {@code ifMatch}
     * @throws InvalidInputException  when the definition is not a valid route
     */
    RouteDefinition replace(String name, Map<String, Object> body, List<String> ifMatch);

    /**
     * Deletes a route: its consumer stops, its SSE connections end; its consumer group and dead letters stay.
     *
     * @throws NotFoundException     when no route has that name
     * @throws ConflictException     when the route is declared in configuration
     * @throws StaleVersionException when the route's tag is none of {@code ifMatch}
     */
    void delete(String name, List<String> ifMatch);

    /**
     * Stops a push route's consumer; its group keeps its position, so {@link #resume} goes on from there.
     *
     * @throws ConflictException when the route is declared in configuration or is an SSE route
     */
    RouteDefinition pause(String name, List<String> ifMatch);

    /**
     * Starts a paused push route's consumer again, from where its group stopped. A route that Sluice paused
     * because its destination was gone (a webhook's 410 Gone) is resumed too, a route of configuration
     * included; that pause is not stored, and neither is its end.
     *
     * @throws ConflictException when the route is declared in configuration and Sluice did not pause it
     */
    RouteDefinition resume(String name, List<String> ifMatch);
}
