package dev.sluice.app;

import dev.sluice.engine.route.RouteEngine;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/** Starts the push routes once the server listens, so a slow receiver never delays start-up. */
@Singleton
final class RouteStarter {

    private final RouteEngine engine;

    RouteStarter(RouteEngine engine) {
        this.engine = engine;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        engine.start();
    }
}
