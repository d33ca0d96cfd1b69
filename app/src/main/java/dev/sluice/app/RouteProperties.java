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
 * }</pre>
 * The {@code retry} settings are read by {@link RouteAssembly}.
 */
@EachProperty(value = "sluice.routes")
public class RouteProperties {

    private final String name;
    private String from;
    private String group;
    private String to = "sse";
    private List<Map<String, String>> pipeline = List.of();
    private Map<String, String> options = Map.of();

    public RouteProperties(@Parameter String name) {
        this.name = name;
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

    public Map<String, String> getOptions() {
        return options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options == null ? Map.of() : options;
    }
}
