package dev.sluice.http.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as Standard Webhooks 1.0 says: the receiver gets {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature}, which is {@code v1,} and the
 * base64 of the HMAC-SHA256 of {@code <id>.<timestamp>.<body>} under each secret, separated by spaces: during
 * a rotation the route holds the new secret and the old one, and a receiver that knows either verifies.
 * A secret is {@code whsec_} and the base64 of its key, which must have at least 24 bytes, as the standard
 * asks. The secrets never leave this class: not in a message, not in {@link #toString()}.
 */
final class WebhookSigner {

    static final String PREFIX = "whsec_";
    static final int MIN_KEY_BYTES = 24;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    private WebhookSigner(List<SecretKeySpec> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * The signer of the secrets in {@code option}, separated by spaces or commas.
     *
     * @throws IllegalArgumentException naming the option and which secret is wrong, never its value
     */
    static WebhookSigner of(String option, String secrets) {
        List<SecretKeySpec> keys = new ArrayList<>();
        String[] parts = secrets.trim().split("[,\\s]+");
        for (int i = 0; i < parts.length; i++) {
            String which = parts.length == 1 ? "its secret" : "secret " + (i + 1) + " of " + parts.length;
            if (!parts[i].startsWith(PREFIX)) {
                throw new IllegalArgumentException("option '" + option + "': " + which + " does not start with "
                        + PREFIX + " (Standard Webhooks secrets are " + PREFIX + " and the base64 of the key)");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parts[i].substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + option + "': " + which + " is not " + PREFIX
                        + " followed by base64");
            }
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("option '" + option + "': " + which + " has a key of "
                        + key.length + " bytes; Standard Webhooks asks for " + MIN_KEY_BYTES + " to 64");
            }
            keys.add(new SecretKeySpec(key, ALGORITHM));
        }
        return new WebhookSigner(keys);
    }

    /** The value of {@code webhook-signature}: one {@code v1,<base64>} per secret, separated by spaces. */
    String signature(String id, long timestamp, byte[] body) {
        byte[] head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (SecretKeySpec key : keys) {
            Mac mac;
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
            }
            mac.update(head);
            mac.update(body);
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal()));
        }
        return out.toString();
    }

    int secrets() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " secret(s)]";
    }
}
