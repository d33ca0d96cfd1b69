package dev.sluice.http.security;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, held as SHA-256 hashes only. A presented key is hashed and compared with
 * every configured hash in constant time ({@link MessageDigest#isEqual}), all of them each time, so
 * neither the timing nor the order of the keys tells anything.
 */
@Singleton
public final class ApiKeys {

    private record Stored(String name, byte[] sha256, List<String> scopes) {}

    private final List<Stored> keys;

    ApiKeys(List<AccessSettings.ApiKey> configured) {
        this.keys = configured.stream().map(ApiKeys::stored).toList();
    }

    private static Stored stored(AccessSettings.ApiKey key) {
        String prefix = AccessSettings.PREFIX + ".api-keys." + key.getName();
        byte[] hash;
        if (key.getKey() != null && !key.getKey().isBlank()) {
            if (key.getKey().length() < 16) {
                throw new ConfigurationException(prefix + ".key is shorter than 16 characters; use a long random key "
                        + "(head -c 24 /dev/urandom | base64)");
            }
            hash = sha256(key.getKey());
        } else if (key.getKeySha256() != null && key.getKeySha256().matches("[0-9a-fA-F]{64}")) {
            hash = HexFormat.of().parseHex(key.getKeySha256());
        } else {
            throw new ConfigurationException(prefix + " needs key (from the environment) or key-sha256 (64 hex digits)");
        }
        if (key.getScopes().isEmpty()) {
            throw new ConfigurationException(prefix + ".scopes is empty: name what the key may do "
                    + "(ingest, read:<channel or view>, write:<entity>, admin)");
        }
        return new Stored(key.getName(), hash, key.getScopes());
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether any key is configured. */
    public boolean any() {
        return !keys.isEmpty();
    }

    /** The caller a key belongs to: its name as the principal, its scopes as roles. */
    public Optional<Authentication> authenticate(String presented) {
        byte[] hash = sha256(presented);
        Stored found = null;
        for (Stored key : keys) {
            if (MessageDigest.isEqual(key.sha256(), hash)) {
                found = key;
            }
        }
        return found == null ? Optional.empty()
                : Optional.of(Authentication.build(found.name(), found.scopes(), Map.of("via", "api-key")));
    }
}
