/**
 * HTTP adapter: REST controllers (ingest, channels, dead letters), Server-Sent Events, RFC 9457
 * problem+json errors, the OpenAPI description, and the {@code webhook} and {@code sse} sinks.
 * Controllers call inbound ports only; the app provides their implementations.
 */
package dev.sluice.http;
