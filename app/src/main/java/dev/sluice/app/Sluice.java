package dev.sluice.app;

import io.micronaut.runtime.Micronaut;
import java.util.Map;

/**
 * Starts Sluice. Without an explicit environment every scenario runs: the environments {@code s1} to
 * {@code s5} load their files under {@code routes/} ({@link ScenarioFiles}) and {@code demo}
 * ({@code application-demo.yml}) adds the conveniences of a local demo; set {@code MICRONAUT_ENVIRONMENTS}
 * to run only what you name, e.g. {@code demo,s1,s3}.
 */
public final class Sluice {

    private Sluice() {}

    /** Micronaut's name for the HS256 key that validates client tokens (scenario S5). */
    static final String TOKEN_KEY = "micronaut.security.token.jwt.signatures.secret.generator.secret";

    /** The default run: the demo conveniences and every scenario. */
    static final String[] DEFAULT_ENVIRONMENTS = {"demo", "s1", "s2", "s3", "s4", "s5"};

    public static void main(String[] args) {
        var sluice = Micronaut.build(args).mainClass(Sluice.class).defaultEnvironments(DEFAULT_ENVIRONMENTS);
        // the key comes from the environment only. Without it, a random key of this run signs what Sluice
        // mints itself (console sessions, the demo's dev login) and no token from elsewhere validates (fail closed)
        String key = System.getenv("SLUICE_CLIENTS_JWT_SECRET");
        if (key == null || key.isBlank()) {
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            key = java.util.Base64.getEncoder().encodeToString(random);
        }
        sluice.properties(Map.of(TOKEN_KEY, key));
        sluice.start();
    }
}
