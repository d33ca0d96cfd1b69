package dev.sluice.app;

import io.micronaut.runtime.Micronaut;
import java.util.Map;

/**
 * Starts Sluice. Without an explicit environment the {@code demo} and {@code bookstore} environments are
 * active: the S1 demo routes ({@code application-demo.yml}) and S4's simulator and views
 * ({@code application-bookstore.yml}); set {@code MICRONAUT_ENVIRONMENTS} to run only what you name.
 */
public final class Sluice {

    private Sluice() {}

    /** Micronaut's name for the HS256 key that validates client tokens (scenario S5). */
    static final String TOKEN_KEY = "micronaut.security.token.jwt.signatures.secret.generator.secret";

    public static void main(String[] args) {
        var sluice = Micronaut.build(args).mainClass(Sluice.class).defaultEnvironments("demo", "bookstore");
        // the key comes from the environment only; without it no client token validates (fail closed)
        String key = System.getenv("SLUICE_CLIENTS_JWT_SECRET");
        if (key != null && !key.isBlank()) {
            sluice.properties(Map.of(TOKEN_KEY, key));
        }
        sluice.start();
    }
}
