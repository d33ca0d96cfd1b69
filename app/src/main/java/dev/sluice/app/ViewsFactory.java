package dev.sluice.app;

import dev.sluice.engine.bookstore.BookstoreSimulator;
import dev.sluice.engine.topics.TopicBrowser;
import dev.sluice.engine.view.ViewService;
import dev.sluice.ports.in.BrowseTopics;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.JsonCodec;
import dev.sluice.ports.spi.BrokerPlugin;
import dev.sluice.ports.spi.ExpressionLanguage;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Wires the streaming views of {@code sluice.views} (scenario S4), all in one topology of the broker's
 * stream processor, and topic browsing. With the bookstore on, its reference data is written before the
 * views start, so that their joins see every book and customer from the first event on.
 */
@Factory
public class ViewsFactory {

    @Context
    @Bean(preDestroy = "close")
    ViewService views(List<ViewProperties> declared, AnalyticsProperties analytics, BrokerPlugin.Broker broker,
                      PluginRegistry plugins, JsonCodec json, EventLog log, Optional<BookstoreSimulator> bookstore) {
        ViewAssembly.Declared views = ViewAssembly.views(declared, plugins.single(ExpressionLanguage.class));
        if (views.definitions().isEmpty() && views.coded().isEmpty()) {
            return new ViewService(List.of(), List.of(), analytics.getChangesTopicPrefix(), analytics.getWindowRetention(),
                    plans -> null, log);
        }
        bookstore.ifPresent(BookstoreSimulator::publishReferenceData);
        return new ViewService(views.definitions(), views.coded(), analytics.getChangesTopicPrefix(),
                analytics.getWindowRetention(), plans -> broker.views(plans, json, analytics.getApplicationId()), log);
    }

    @Singleton
    BrowseTopics browseTopics(EventLog log, ViewService views, List<RouteProperties> routes) {
        Set<String> configured = new TreeSet<>();
        routes.forEach(r -> {
            if (r.getFrom() != null && r.getSource() == null) {
                configured.add(r.getFrom());
            }
        });
        views.views().forEach(v -> {
            configured.addAll(v.from());
            configured.add(v.changesTopic());
        });
        return new TopicBrowser(log, configured);
    }
}
