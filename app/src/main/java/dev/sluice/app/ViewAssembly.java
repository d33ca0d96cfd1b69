package dev.sluice.app;

import dev.sluice.domain.view.Aggregate;
import dev.sluice.domain.view.CodedView;
import dev.sluice.domain.view.ViewDefinition;
import dev.sluice.domain.view.Window;
import dev.sluice.engine.view.ViewService;
import dev.sluice.ports.spi.ExpressionLanguage;
import dev.sluice.ports.spi.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the views of {@code sluice.views} ({@link ViewProperties}) into the domain's view definitions,
 * compiling their expressions with the {@link ExpressionLanguage}; a mistake fails start-up naming the
 * view and the field. An expression that fails on an event gives null (a {@code where}: the event does
 * not count), so that one odd event never stops the views; the first failure of each expression is logged.
 */
final class ViewAssembly {

    private static final Logger LOG = LoggerFactory.getLogger(ViewAssembly.class);
    private static final Set<String> JOIN_KEYS = Set.of("table", "key", "as", "kind");
    private static final Set<String> WINDOW_KEYS = Set.of("size", "advance", "grace");
    private static final Set<String> EXPLODE_KEYS = Set.of("of", "as");
    static final List<String> FUNCTIONS = List.of("count", "sum", "avg", "min", "max", "latest", "top-k", "percentile");

    /** The declared views: definitions and coded ones. */
    record Declared(List<ViewDefinition> definitions, List<ViewService.Coded> coded) {}

    private ViewAssembly() {}

    static Declared views(List<ViewProperties> declared, ExpressionLanguage language) {
        Map<String, CodedView> coded = new TreeMap<>();
        ServiceLoader.load(CodedView.class).forEach(v -> coded.put(v.name(), v));
        List<ViewDefinition> definitions = new ArrayList<>();
        List<ViewService.Coded> codedViews = new ArrayList<>();
        for (ViewProperties p : declared.stream().sorted(Comparator.comparing(ViewProperties::getName)).toList()) {
            String where = "view '" + p.getName() + "' (sluice.views." + p.getName() + ")";
            try {
                if (p.getCoded() != null) {
                    CodedView view = coded.get(p.getCoded());
                    if (view == null) {
                        throw new IllegalArgumentException("coded: no coded view named '" + p.getCoded() + "'; there are "
                                + coded.keySet());
                    }
                    if (p.getFrom() != null || p.getWhere() != null || !p.getAggregates().isEmpty() || p.getGroupBy() != null
                            || p.getWindow() != null || !p.getJoins().isEmpty() || p.getSelect() != null || p.getTo() != null
                            || p.getExplode() != null) {
                        throw new IllegalArgumentException("a coded view takes only 'coded' and 'topic-prefix'");
                    }
                    codedViews.add(new ViewService.Coded(p.getName(), view, p.getTopicPrefix()));
                } else {
                    if (p.getTopicPrefix() != null) {
                        throw new IllegalArgumentException("'topic-prefix' is for coded views; name the topic in 'from'");
                    }
                    definitions.add(definition(p, language, "sluice.views." + p.getName() + "."));
                }
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        return new Declared(definitions, codedViews);
    }

    private static ViewDefinition definition(ViewProperties p, ExpressionLanguage language, String path) {
        List<String> description = new ArrayList<>();
        description.add("from: " + p.getFrom());
        java.util.function.Predicate<Object> where = null;
        if (p.getWhere() != null) {
            Function<Object, Object> f = compile(language, path + "where", p.getWhere());
            where = row -> language.isTruthy(f.apply(row));
            description.add("where: " + p.getWhere());
        }
        ViewDefinition.Explode explode = null;
        if (p.getExplode() != null) {
            Map<String, String> e = p.getExplode();
            unknownKeys("explode", e.keySet(), EXPLODE_KEYS);
            explode = new ViewDefinition.Explode(value(language, path + "explode.of", required(e, "of", "explode")),
                    required(e, "as", "explode"));
            description.add("explode: " + e.get("of") + " as " + e.get("as"));
        }
        List<ViewDefinition.Join> joins = new ArrayList<>();
        for (int i = 0; i < p.getJoins().size(); i++) {
            Map<String, String> j = p.getJoins().get(i);
            String at = "joins[" + i + "]";
            if (j.containsKey("true")) {
                throw new IllegalArgumentException(at + ": YAML reads the key 'on' as true; the table's key is given as"
                        + " 'key', e.g. {table: customer, key: customerId, as: customer}");
            }
            unknownKeys(at, j.keySet(), JOIN_KEYS);
            String kind = j.getOrDefault("kind", "left").trim().toUpperCase(Locale.ROOT);
            if (!kind.equals("LEFT") && !kind.equals("INNER")) {
                throw new IllegalArgumentException(at + ".kind: must be left or inner, was '" + j.get("kind") + "'");
            }
            String table = required(j, "table", at);
            String as = j.getOrDefault("as", table);
            joins.add(new ViewDefinition.Join(table, ViewDefinition.Join.Kind.valueOf(kind),
                    value(language, path + at + ".key", required(j, "key", at)), as));
            description.add(kind.toLowerCase(Locale.ROOT) + " join " + table + " on " + j.get("key") + " as " + as);
        }
        Aggregate.ValueOf select = null;
        if (p.getSelect() != null) {
            select = value(language, path + "select", p.getSelect());
            description.add("select: " + p.getSelect());
        }
        Aggregate.ValueOf groupBy = null;
        if (p.getGroupBy() != null) {
            groupBy = value(language, path + "group-by", p.getGroupBy());
            description.add("group-by: " + p.getGroupBy());
        }
        Window window = null;
        if (p.getWindow() != null) {
            window = window(p.getWindow());
            description.add("window: " + (window.isTumbling() ? "tumbling " : "hopping ") + p.getWindow());
        }
        List<Aggregate> aggregates = new ArrayList<>();
        p.getAggregates().forEach((name, spec) -> aggregates.add(aggregate(language, path + "aggregates." + name, name, spec)));
        if (!aggregates.isEmpty()) {
            description.add("aggregates: " + p.getAggregates());
        }
        if (p.getTo() != null) {
            description.add("to: " + p.getTo());
        }
        return new ViewDefinition(p.getName(), p.getFrom(), where, explode, joins, select, groupBy, window, aggregates,
                p.getTo(), description);
    }

    private static Window window(Map<String, String> w) {
        unknownKeys("window", w.keySet(), WINDOW_KEYS);
        Duration size = duration("window.size", required(w, "size", "window"));
        Duration advance = w.get("advance") == null ? size : duration("window.advance", w.get("advance"));
        Duration grace = w.get("grace") == null ? Duration.ZERO : duration("window.grace", w.get("grace"));
        return new Window(size, advance, grace);
    }

    private static Aggregate aggregate(ExpressionLanguage language, String path, String name, Object spec) {
        if (spec instanceof String fn) {
            if (fn.trim().equals("count")) {
                return new Aggregate.Count(name);
            }
            throw new IllegalArgumentException("aggregates." + name + ": '" + fn + "' is not a function of no argument;"
                    + " write count, or {<function>: <expression>} with one of " + FUNCTIONS);
        }
        if (!(spec instanceof Map<?, ?> m) || m.size() != 1) {
            throw new IllegalArgumentException("aggregates." + name + ": write count, or {<function>: <expression>} with one of "
                    + FUNCTIONS);
        }
        Map.Entry<?, ?> only = m.entrySet().iterator().next();
        String fn = String.valueOf(only.getKey()).toLowerCase(Locale.ROOT).replace("_", "-");
        Object arg = only.getValue();
        switch (fn) {
            case "sum":
                return new Aggregate.Sum(name, value(language, path + ".sum", text(name, fn, arg)));
            case "avg":
                return new Aggregate.Avg(name, value(language, path + ".avg", text(name, fn, arg)));
            case "min":
                return Aggregate.min(name, value(language, path + ".min", text(name, fn, arg)));
            case "max":
                return Aggregate.max(name, value(language, path + ".max", text(name, fn, arg)));
            case "latest":
                return new Aggregate.Latest(name, value(language, path + ".latest", text(name, fn, arg)));
            case "top-k":
            case "topk": {
                Map<?, ?> a = map(name, fn, arg, Set.of("k", "key", "score"));
                return new Aggregate.TopK(name, value(language, path + ".top-k.key", required(a, "key", name)),
                        value(language, path + ".top-k.score", required(a, "score", name)),
                        integer(name, "k", a.get("k") == null ? "10" : String.valueOf(a.get("k"))));
            }
            case "percentile": {
                Map<?, ?> a = map(name, fn, arg, Set.of("of", "p"));
                return new Aggregate.Percentile(name, value(language, path + ".percentile.of", required(a, "of", name)),
                        integer(name, "p", required(a, "p", name)));
            }
            default:
                throw new IllegalArgumentException("aggregates." + name + ": unknown function '" + only.getKey()
                        + "'; the functions are " + FUNCTIONS);
        }
    }

    private static String text(String name, String fn, Object arg) {
        if (!(arg instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("aggregates." + name + "." + fn + ": needs an expression, such as {" + fn
                    + ": totalAmount}");
        }
        return s;
    }

    private static Map<?, ?> map(String name, String fn, Object arg, Set<String> keys) {
        if (!(arg instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("aggregates." + name + "." + fn + ": needs " + keys);
        }
        Set<String> given = new java.util.TreeSet<>();
        m.keySet().forEach(k -> given.add(String.valueOf(k)));
        unknownKeys("aggregates." + name + "." + fn, given, keys);
        return m;
    }

    private static int integer(String name, String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("aggregates." + name + "." + key + ": must be a whole number, was '" + text + "'");
        }
    }

    private static Duration duration(String key, String text) {
        try {
            return Options.parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": not a duration (such as 500ms, 30s, 1h): '" + text + "'");
        }
    }

    private static String required(Map<?, ?> map, String key, String at) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new IllegalArgumentException(at + "." + key + " is required");
        }
        return String.valueOf(value);
    }

    private static void unknownKeys(String at, Set<String> given, Set<String> known) {
        for (String key : given) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(at + "." + key + " is not a setting; the settings are "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    private static Function<Object, Object> compile(ExpressionLanguage language, String where, String expression) {
        Function<Object, Object> f = language.compile(where, expression);
        boolean[] logged = {false};
        return row -> {
            try {
                return f.apply(row);
            } catch (RuntimeException e) {
                if (!logged[0]) {
                    logged[0] = true;
                    LOG.warn("{}: '{}' failed on a row, taken as null (logged once): {}", where, expression, e.getMessage());
                }
                return null;
            }
        };
    }

    private static Aggregate.ValueOf value(ExpressionLanguage language, String where, String expression) {
        Function<Object, Object> f = compile(language, where, expression);
        return f::apply;
    }
}
