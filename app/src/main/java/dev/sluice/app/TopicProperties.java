package dev.sluice.app;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * Settings of one topic that {@code POST /api/topics/{topic}/events} publishes to, under
 * {@code sluice.topics.<name>}:
 * <pre>{@code
 * orders:
 *   schema: classpath:schemas/order.json    # or a file path: every event's data must match this JSON Schema
 * shop-orders:
 *   topic: shop.orders                      # the topic, when its name has a dot (a key cannot hold one)
 *   schema: /etc/sluice/schemas/order.json
 * }</pre>
 * A topic without an entry takes any event.
 */
@EachProperty("sluice.topics")
public class TopicProperties {

    private final String name;
    private String topic;
    private String schema;

    public TopicProperties(@Parameter String name) {
        this.name = name;
    }

    /** The entry's name: the topic, unless {@link #getTopic()} names another. */
    public String getName() {
        return name;
    }

    /** The topic's name when it differs from the entry's (a name with a dot); null otherwise. */
    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** The JSON Schema of the topic's data, {@code classpath:<path>} or a file path; null for none. */
    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    /** The topic these settings are for. */
    String topicName() {
        return topic == null || topic.isBlank() ? name : topic;
    }

    /** The setting's full name, for messages. */
    String setting(String property) {
        return "sluice.topics." + name + "." + property;
    }
}
