package dev.sluice.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class of the HTTP adapter alone: one {@link HttpHarness} (the adapter on an embedded server,
 * the in-ports as in-memory fakes) per class, its fakes reset before each test.
 */
abstract class AgainstFakePorts {

    static HttpHarness http;

    @BeforeAll
    static void start() {
        http = new HttpHarness();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @BeforeEach
    void resetFakes() {
        http.reset();
    }
}
