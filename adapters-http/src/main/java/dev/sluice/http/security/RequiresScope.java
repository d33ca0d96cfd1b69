package dev.sluice.http.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a caller needs for an endpoint when access control is on ({@link ScopeRule}). {@code {name}}
 * is replaced by the path variable of that name, so {@code "read:{channel}"} on
 * {@code /{channel}/stream} asks for {@code read:streams-master-data-json}. The scope {@code admin}
 * grants everything; a granted scope may end in {@code *} ({@code read:*}, {@code read:erp-*}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {

    /** The scope, such as {@code ingest}, {@code read:{view}}, {@code write:customer} or {@code admin}. */
    String value();
}
