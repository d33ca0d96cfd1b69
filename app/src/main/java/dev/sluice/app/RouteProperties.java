package dev.sluice.app;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;
import java.util.Map;

/**
 * One route, declared under {@code sluice.routes.<name>}:
 * <pre>{@code
 * erp-filtered:
 *   from: master-data-items          # topic
 *   group: filtered-consumers-http   # consumer group (push routes)
 *   pipeline:
 *     - filter: "$lowercase(category) = 'electronics'"
 *     - xml: item
 *   to: webhook                      # sink plugin: sse, webhook, ...
 *   options: {url: http://localhost:8003/erp/filtered/receive, timeout: 10s}
 *   retry: {base-delay: 500ms, max-delay: 30s, max-attempts: 8, max-retry-after: 2m}
 *   concurrency: 8                   # push routes: events delivered at once (per key in order); default 1
 *
 * bridge:                            # scenario S2: an external source, several outputs
 *   from: EXTERNAL                   # the source's address (queue, AMQP 1.0 address)
 *   source: amqp1                    # source plugin: amqp1, amqp; default: Sluice's log
 *   source-options: {url: ${AMQP_URL}, username: ${AMQP_USER}, password: ${AMQP_PASSWORD}}
 *   fan-out:                         # every output gets every event; or fallback: [primary, next, ...]
 *     - fallback:
 *         - {name: kafka, to: log, options: {topic: FOO}, retry: {base-delay: 1s, max-retries: 3}}
 *         - {name: kafka-dlq, to: amqp1, options: {address: KAFKA_DLQ}}
 *     - {name: amqp, to: amqp1, options: {address: FOO}}
 * }</pre>
 * The {@code retry} settings and the nested {@code fan-out} / {@code fallback} outputs are checked and
 * read by {@link RouteAssembly}, which also checks {@code concurrency}, from {@link #definition()}: the same
 * form a route made at run time is given in. The names of the route's own keys are this class's
 * properties, which {@link StrictConfiguration} holds every key against.
 */
@EachProperty(value = "sluice.routes")
public class RouteProperties {

    private final String name;
    private String from;
    private String group;
    private String to;
    private List<Map<String, String>> pipeline = List.of();
    private Map<String, Object> options = Map.of();
    private String source;
    private Map<String, String> sourceOptions = Map.of();
    private String concurrency;
    private Map<String, String> retry = Map.of();
    private List<Object> fanOut;
    private List<Object> fallback;

    public RouteProperties(@Parameter String name) {
        this.name = name;
    }

    /**
     * The route as a definition, keyed as in YAML ({@code source-options}, {@code fan-out}), with what is not
     * set left out: what {@link RouteAssembly} reads, for routes of configuration and of the API alike.
     */
    Map<String, Object> definition() {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        putIf(d, "from", from);
        putIf(d, "group", group);
        putIf(d, "source", source);
        if (!sourceOptions.isEmpty()) {
            d.put("source-options", sourceOptions);
        }
        if (!pipeline.isEmpty()) {
            d.put("pipeline", pipeline);
        }
        putIf(d, "to", to);
        if (!options.isEmpty()) {
            d.put("options", options);
        }
        if (!retry.isEmpty()) {
            d.put("retry", retry);
        }
        putIf(d, "fan-out", fanOut);
        putIf(d, "fallback", fallback);
        putIf(d, "concurrency", concurrency);
        return d;
    }

    private static void putIf(Map<String, Object> d, String key, Object value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    public String getName() {
        return name;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public List<Map<String, String>> getPipeline() {
        return pipeline;
    }

    public void setPipeline(List<Map<String, String>> pipeline) {
        this.pipeline = pipeline == null ? List.of() : pipeline;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public Map<String, String> getSourceOptions() {
        return sourceOptions;
    }

    public void setSourceOptions(Map<String, String> sourceOptions) {
        this.sourceOptions = sourceOptions == null ? Map.of() : sourceOptions;
    }

    /** As written (a whole number from 1 to 1000), or null for the default 1. */
    public String getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(String concurrency) {
        this.concurrency = concurrency;
    }

    /**
     * The sink's options; a nested map ({@code header: {X-Tenant: acme}}, or {@code header.X-Tenant: acme}, which
     * binds the same) is read as dotted names ({@code header.x-tenant}).
     */
    public Map<String, Object> getOptions() {
        return options;
    }

    public void setOptions(Map<String, Object> options) {
        this.options = options == null ? Map.of() : options;
    }

    /** {@code base-delay}, {@code max-delay}, {@code max-attempts} or {@code max-retries}, {@code max-retry-after}. */
    public Map<String, String> getRetry() {
        return retry;
    }

    public void setRetry(Map<String, String> retry) {
        this.retry = retry == null ? Map.of() : retry;
    }

    /** Outputs that each get every event, as declared (maps and nested lists), or null. */
    public List<Object> getFanOut() {
        return fanOut;
    }

    public void setFanOut(List<Object> fanOut) {
        this.fanOut = fanOut;
    }

    /** Outputs tried in order until one takes the event, as declared, or null. */
    public List<Object> getFallback() {
        return fallback;
    }

    public void setFallback(List<Object> fallback) {
        this.fallback = fallback;
    }
}
