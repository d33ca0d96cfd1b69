package dev.sluice.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;

/** Signs client tokens (HS256, subject = client id) the way an identity provider would. */
final class ClientTokens {

    static final String SECRET = "test-secret-for-client-streams-0123456789";

    private ClientTokens() {}

    static String token(String clientId, String secret, long validSeconds) {
        try {
            Date now = new Date();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(clientId).issueTime(now)
                    .expirationTime(new Date(now.getTime() + validSeconds * 1000)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of an identity provider with an OAuth 2.0 {@code scope} claim (space-separated). */
    static String scoped(String subject, String scope, String secret) {
        try {
            Date now = new Date();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issueTime(now).claim("scope", scope)
                    .expirationTime(new Date(now.getTime() + 300_000)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> bearer(String clientId) {
        return Map.of("Authorization", "Bearer " + token(clientId, SECRET, 300));
    }
}
