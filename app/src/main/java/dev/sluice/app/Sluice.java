package dev.sluice.app;

import io.micronaut.runtime.Micronaut;

/**
 * Starts Sluice. Without an explicit environment the {@code demo} environment is active, which
 * declares the S1 demo routes ({@code application-demo.yml}); set {@code MICRONAUT_ENVIRONMENTS} to
 * run only your own routes.
 */
public final class Sluice {

    private Sluice() {}

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Sluice.class).defaultEnvironments("demo").start();
    }
}
