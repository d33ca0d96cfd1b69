package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens of an identity provider that publishes its keys as a JWKS (RS256): Sluice fetches the keys
 * from the URL, and checks the issuer and the audience it is told; a token of another issuer, for another
 * audience, or signed by a key the provider does not publish is refused with 401.
 */
class TokenProvidersTest {

    static final String ISSUER = "https://idp.example";
    static RSAKey published;
    static RSAKey unpublished;
    static HttpServer idp;
    static TestSluice sluice;

    @BeforeAll
    static void start() throws Exception {
        published = new RSAKeyGenerator(2048).keyID("k1").generate();
        unpublished = new RSAKeyGenerator(2048).keyID("k1").generate();
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jwks = new JWKSet(published.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        idp.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        idp.start();
        Map<String, Object> p = TestSluice.baseProperties(TestSluice.unique("tokens"));
        p.put("sluice.security.enabled", "true");
        p.put("micronaut.security.token.jwt.signatures.jwks.idp.url",
                "http://127.0.0.1:" + idp.getAddress().getPort() + "/jwks.json");
        p.put("micronaut.security.token.jwt.claims-validators.issuer", ISSUER);
        p.put("micronaut.security.token.jwt.claims-validators.audience", "sluice");
        sluice = TestSluice.wrap(ApplicationContext.run(EmbeddedServer.class, p, "test"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
        idp.stop(0);
    }

    private static String token(RSAKey key, String issuer, String audience) throws Exception {
        Date now = new Date();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("erp-system").issuer(issuer).audience(audience)
                .claim("scope", "ingest").issueTime(now).expirationTime(new Date(now.getTime() + 300_000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static int ingest(String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(sluice.uri("/api/master-data/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"itemId\":\"t-1\",\"name\":\"n\",\"category\":\"c\"}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestSluice.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aTokenOfTheProviderForSluiceIsAccepted() throws Exception {
        assertEquals(200, ingest(token(published, ISSUER, "sluice")));
    }

    @Test
    void anotherIssuerAnotherAudienceOrAKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        assertEquals(401, ingest(null));
        assertEquals(401, ingest(token(published, "https://evil.example", "sluice")));
        assertEquals(401, ingest(token(published, ISSUER, "another-service")));
        assertEquals(401, ingest(token(unpublished, ISSUER, "sluice")));
    }
}
