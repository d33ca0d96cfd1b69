/**
 * Redis adapter (Lettuce, Redis Streams, hashes): per-client streams and Redis Streams as a broker.
 * Not built yet; scenario S5 (issue 7) fills it. The module exists so that the architecture rules
 * already cover it.
 */
package dev.sluice.redis;
