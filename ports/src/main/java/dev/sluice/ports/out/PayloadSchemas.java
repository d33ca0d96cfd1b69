package dev.sluice.ports.out;

import java.util.List;
import java.util.Objects;

/**
 * JSON Schemas that events' payloads must match: a topic may name one, and what is published to it is
 * checked before anything is written. Thread-safe.
 */
public interface PayloadSchemas {

    /**
     * Reads the schema at {@code location} once and checks it against its dialect's meta-schema (the
     * dialect its {@code $schema} names, draft 2020-12 without one). Relative {@code $ref}s resolve against
     * the location.
     *
     * @param location {@code classpath:<path>} or a file path
     * @throws IllegalArgumentException when it cannot be read, is not JSON or is not a valid JSON Schema; the
     *                                  message says which and where, without the location (the caller names it)
     */
    Schema load(String location);

    /** A loaded schema; checking is thread-safe. */
    interface Schema {

        /**
         * Every way {@code json} breaks the schema, in the validator's order; empty when it matches. Bytes that
         * are not exactly one JSON document (UTF-8, no repeated key) give one mismatch at the root.
         */
        List<Mismatch> check(byte[] json);
    }

    /**
     * One way a payload breaks its schema.
     *
     * @param pointer JSON Pointer (RFC 6901) into the payload, {@code ""} for the payload itself; for a missing
     *                or an unexpected member, that member (such as {@code /price})
     * @param message what is wrong, for a human
     */
    record Mismatch(String pointer, String message) {
        public Mismatch {
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(message, "message");
        }
    }
}
