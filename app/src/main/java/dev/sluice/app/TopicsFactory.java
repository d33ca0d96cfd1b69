package dev.sluice.app;

import dev.sluice.engine.topics.TopicPublisher;
import dev.sluice.ports.in.PublishToTopic;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.PayloadSchemas;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wires publishing to any topic ({@code POST /api/topics/{topic}/events}) with the JSON Schemas that
 * {@code sluice.topics.<name>.schema} names. Built at start-up, so a schema that cannot be read or is not a
 * valid JSON Schema stops Sluice, naming the setting, instead of failing on the first event.
 */
@Factory
public class TopicsFactory {

    @Context
    PublishToTopic publishToTopic(EventLog log, List<TopicProperties> topics, PluginRegistry plugins) {
        Map<String, PayloadSchemas.Schema> schemas = new TreeMap<>();
        Map<String, String> declaredBy = new TreeMap<>();
        PayloadSchemas loader = null;
        for (TopicProperties settings : topics) {
            if (settings.getSchema() == null) {
                continue;
            }
            String setting = settings.setting("schema");
            if (loader == null) {
                loader = plugins.single(PayloadSchemas.class);
            }
            String previous = declaredBy.putIfAbsent(settings.topicName(), setting);
            if (previous != null) {
                throw new IllegalStateException(previous + " and " + setting + " both give topic '"
                        + settings.topicName() + "' a schema; give it one");
            }
            try {
                schemas.put(settings.topicName(), loader.load(settings.getSchema()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(setting + " (" + settings.getSchema() + "): " + e.getMessage(), e);
            }
        }
        return new TopicPublisher(log, schemas, Clock.systemUTC());
    }
}
