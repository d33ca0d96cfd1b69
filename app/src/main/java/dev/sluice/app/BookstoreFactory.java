package dev.sluice.app;

import dev.sluice.engine.bookstore.BookstoreSimulator;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires scenario S4's simulator when {@code sluice.bookstore.enabled} is true. */
@Factory
@Requires(property = "sluice.bookstore.enabled", value = "true")
public class BookstoreFactory {

    @Singleton
    @Bean(preDestroy = "close")
    BookstoreSimulator simulator(EventLog log, JsonCodec json, BookstoreProperties bookstore) {
        return new BookstoreSimulator(log, json, Thread::sleep, Clock.systemUTC(), bookstore.getTopicPrefix(),
                bookstore.getAckTimeout());
    }
}
