package dev.sluice.http.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Bucket4j token bucket per caller and kind of quota, made on the caller's first request with the
 * caller's limit: its API key's own ({@code sluice.security.api-keys.<name>.quotas.<kind>}), each setting it
 * leaves out taken from the default ({@code sluice.security.quotas.<kind>}). Buckets refill greedily, a
 * token every {@code per / requests}. A full bucket is the same as a new one, so full buckets are dropped
 * when there are many, and memory stays bounded by the callers that are active. Made at start-up, so that
 * a limit that cannot work stops it.
 */
@Context
final class QuotaBuckets {

    /** Past this many buckets, the full ones are dropped. */
    static final int PRUNE_ABOVE = 10_000;

    /** A limit with both settings known. */
    record Limit(long requests, Duration per) {}

    private record Held(Bucket bucket, long capacity) {}

    private final boolean enabled;
    private final Map<String, Limit> defaults = new HashMap<>();
    private final Map<String, Map<String, Limit>> ownLimits = new HashMap<>();
    private final ConcurrentHashMap<String, Held> buckets = new ConcurrentHashMap<>();

    QuotaBuckets(AccessSettings.Quotas settings, AccessSettings.Quotas.Ingest ingest,
                 AccessSettings.Quotas.Generators generators,
                 List<AccessSettings.ApiKey.KeyQuotas.Ingest> keysIngest,
                 List<AccessSettings.ApiKey.KeyQuotas.Generators> keysGenerators) {
        this.enabled = settings.isEnabled();
        Limit ingestDefault = checked(Quota.INGEST, null, ingest, null);
        Limit generatorsDefault = checked(Quota.GENERATORS, null, generators, null);
        defaults.put(Quota.INGEST, ingestDefault);
        defaults.put(Quota.GENERATORS, generatorsDefault);
        for (var own : keysIngest) {
            ownLimits.computeIfAbsent(Quota.INGEST, k -> new HashMap<>())
                    .put(own.key(), checked(Quota.INGEST, own.key(), own, ingestDefault));
        }
        for (var own : keysGenerators) {
            ownLimits.computeIfAbsent(Quota.GENERATORS, k -> new HashMap<>())
                    .put(own.key(), checked(Quota.GENERATORS, own.key(), own, generatorsDefault));
        }
    }

    /** The limit with what it leaves out taken from {@code fallback}, refused at start-up unless usable. */
    private static Limit checked(String kind, String key, AccessSettings.Limit given, Limit fallback) {
        String prefix = AccessSettings.PREFIX + (key == null ? "" : ".api-keys." + key) + ".quotas." + kind;
        Integer requests = given.getRequests() != null ? given.getRequests()
                : fallback == null ? null : Integer.valueOf(Math.toIntExact(fallback.requests()));
        Duration per = given.getPer() != null ? given.getPer() : fallback == null ? null : fallback.per();
        if (requests == null || requests < 1) {
            throw new ConfigurationException(prefix + ".requests must be at least 1 (to turn quotas off: "
                    + AccessSettings.PREFIX + ".quotas.enabled=false)");
        }
        if (per == null || per.isNegative() || per.isZero()) {
            throw new ConfigurationException(prefix + ".per must be a positive duration such as 1s or 1m");
        }
        return new Limit(requests, per);
    }

    /** Whether quotas are checked. */
    boolean enabled() {
        return enabled;
    }

    /** The limit of {@code kind} for the caller of that name (an API key's, else the default). */
    Limit limit(String kind, String principal) {
        Limit own = principal == null ? null : ownLimits.getOrDefault(kind, Map.of()).get(principal);
        Limit limit = own != null ? own : defaults.get(kind);
        if (limit == null) {
            throw new IllegalArgumentException("no quota named " + kind);
        }
        return limit;
    }

    /**
     * Takes one token of {@code kind} from the caller's bucket.
     *
     * @param principal the authenticated caller's name, or null for an anonymous one
     * @param address   the remote address, which tells anonymous callers apart
     * @return empty when the request may go on, otherwise how long until a token is back
     */
    Optional<Duration> take(String kind, String principal, String address) {
        Limit limit = limit(kind, principal);
        String caller = principal != null ? "principal:" + principal : "anonymous@" + address;
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(held -> held.bucket().getAvailableTokens() >= held.capacity());
        }
        Held held = buckets.computeIfAbsent(kind + " " + caller, k -> new Held(Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.requests())
                        .refillGreedy(limit.requests(), limit.per()).build())
                .build(), limit.requests()));
        ConsumptionProbe probe = held.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
