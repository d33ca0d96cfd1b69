package dev.sluice.app;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;
import java.util.Map;

/**
 * One streaming view (scenario S4), declared under {@code sluice.views.<name>}; expressions are JSONata
 * over the event's JSON payload (after explode and joins):
 * <pre>{@code
 * purchases-per-city:
 *   from: purchase                          # source topic
 *   where: "packet = null"                  # which events count (optional)
 *   explode: {of: bookIds, as: bookId}      # one row per array element (optional)
 *   joins:                                  # reference tables, newest value per key (optional)
 *     - {table: customer, key: customerId, as: customer, kind: left}   # kind: left (default) | inner
 *   group-by: customer.city                 # aggregate views: the group of a row (optional: one group)
 *   window: {size: 30m, advance: 30m, grace: 0s}   # event-time windows (optional; advance < size: hopping)
 *   aggregates:                             # name: function; an aggregate view has at least one
 *     purchases: count
 *     revenue: {sum: totalAmount}           # sum, avg, min, max, latest: {fn: expression}
 *     top: {top-k: {k: 5, key: book.title, score: book.price}}
 *     median: {percentile: {of: totalAmount, p: 50}}
 *   select: '{"purchaseId": purchaseId}'   # stream views (no aggregates): the output row (optional)
 *   to: purchases-by-city                   # also write changes to this topic (optional)
 *
 * shipping-times:
 *   coded: shipping-times                   # a view written in Java (CodedView), found by name
 * }</pre>
 * {@link ViewAssembly} reads and checks these into the domain's view definitions.
 */
@EachProperty(value = "sluice.views")
public class ViewProperties {

    private final String name;
    private String from;
    private String where;
    private Map<String, String> explode;
    private List<Map<String, String>> joins = List.of();
    private String groupBy;
    private Map<String, String> window;
    private Map<String, Object> aggregates = Map.of();
    private String select;
    private String to;
    private String coded;
    private String topicPrefix;

    public ViewProperties(@Parameter String name) {
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

    public String getWhere() {
        return where;
    }

    public void setWhere(String where) {
        this.where = where;
    }

    public Map<String, String> getExplode() {
        return explode;
    }

    public void setExplode(Map<String, String> explode) {
        this.explode = explode;
    }

    public List<Map<String, String>> getJoins() {
        return joins;
    }

    public void setJoins(List<Map<String, String>> joins) {
        this.joins = joins == null ? List.of() : joins;
    }

    public String getGroupBy() {
        return groupBy;
    }

    public void setGroupBy(String groupBy) {
        this.groupBy = groupBy;
    }

    public Map<String, String> getWindow() {
        return window;
    }

    public void setWindow(Map<String, String> window) {
        this.window = window;
    }

    public Map<String, Object> getAggregates() {
        return aggregates;
    }

    public void setAggregates(Map<String, Object> aggregates) {
        this.aggregates = aggregates == null ? Map.of() : aggregates;
    }

    public String getSelect() {
        return select;
    }

    public void setSelect(String select) {
        this.select = select;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    /** A coded view's name (a {@code CodedView} on the classpath); the other fields then do not apply. */
    public String getCoded() {
        return coded;
    }

    public void setCoded(String coded) {
        this.coded = coded;
    }

    /** A coded view's topics are its logical names after this prefix. Default none. */
    public String getTopicPrefix() {
        return topicPrefix;
    }

    public void setTopicPrefix(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }
}
