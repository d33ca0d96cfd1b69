package dev.sluice.app;

import dev.sluice.ports.spi.Options;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.inject.BeanDefinition;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fails start-up on any key under {@code sluice.} that is not a setting, naming each one and the nearest
 * valid name, so that a misspelt key ({@code concurency}) stops Sluice instead of being ignored.
 *
 * <p>What is a setting is not listed here: it is every property of the {@code @ConfigurationProperties}
 * and {@code @EachProperty} classes under {@code sluice.} (a map or list property admits any key below
 * it, which its reader checks: route options by the plugin's declared names, nested outputs and
 * {@code retry} by {@link RouteAssembly}), plus the options each broker plugin declares under
 * {@code sluice.<broker>.} and each mailer under {@code sluice.notifications.<mailer>.}.
 *
 * <p>Configuration files, system properties and command-line arguments are checked. Environment
 * variables are not: Micronaut turns each into every mix of dots and hyphens ({@code SLUICE_REDIS_KEY_PREFIX}
 * is also {@code sluice.redis.key.prefix}), and a container may carry unrelated {@code SLUICE_*} variables,
 * some of which application.yml reads as placeholders ({@code SLUICE_EMBEDDED_KAFKA_PORT}); plugins get
 * only the names they declare from them.
 */
@Singleton
final class StrictConfiguration {

    static final String ROOT = "sluice";

    StrictConfiguration(Environment env, BeanContext beans, PluginRegistry plugins) {
        List<List<String>> known = known(beans, plugins);
        Map<String, String> unknown = new TreeMap<>();
        for (PropertySource source : env.getPropertySources()) {
            if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE) {
                continue;
            }
            for (String key : source) {
                if (key.startsWith(ROOT + ".")) {
                    check(key, source.get(key), known, source.getName(), unknown);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Unknown configuration (nothing reads these keys, so Sluice does not"
                    + " start): " + String.join("; ", unknown.values()));
        }
    }

    /** Each known key as its segments; {@code *} matches one segment, a last {@code **} one or more. */
    private static List<List<String>> known(BeanContext beans, PluginRegistry plugins) {
        List<List<String>> known = new ArrayList<>();
        Collection<BeanDefinition<Object>> readers = beans.getBeanDefinitions(Object.class,
                Qualifiers.byStereotype(ConfigurationReader.class));
        for (BeanDefinition<?> reader : readers) {
            String prefix = reader.stringValue(ConfigurationReader.class, ConfigurationReader.PREFIX).orElse("");
            if (!prefix.equals(ROOT) && !prefix.startsWith(ROOT + ".")) {
                continue;
            }
            for (Method m : reader.getBeanType().getMethods()) {
                if (m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1
                        && !Modifier.isStatic(m.getModifiers())) {
                    String name = NameUtils.hyphenate(NameUtils.decapitalize(m.getName().substring(3)));
                    Class<?> type = m.getParameterTypes()[0];
                    known.add(segments(prefix + "." + name));
                    if (Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type) || type.isArray()) {
                        known.add(segments(prefix + "." + name + ".**"));
                    }
                }
            }
        }
        plugins.brokerOptions().forEach((broker, options) -> addOptions(known, ROOT + "." + broker, options));
        plugins.mailerOptions().forEach((mailer, options) ->
                addOptions(known, NotificationsProperties.PREFIX + "." + mailer, options));
        return known;
    }

    private static void addOptions(List<List<String>> known, String section, Set<String> options) {
        if (options == null) {
            known.add(segments(section + ".**"));
            return;
        }
        for (String option : options) {
            known.add(segments(section + "." + (option.endsWith(".") ? option + "**" : option)));
        }
    }

    private static void check(String key, Object value, List<List<String>> known, String source,
                              Map<String, String> unknown) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> check(key + "." + k, v, known, source, unknown));
            return;
        }
        List<String> segments = segments(key.replaceAll("\\[[^]]*]", ""));
        if (known.stream().noneMatch(pattern -> matches(pattern, segments, false))) {
            unknown.putIfAbsent(key, key + " is not a setting" + hint(segments, known) + " (in " + source + ")");
        }
    }

    /** The nearest name at the first segment no known key has, or the names valid there. */
    private static String hint(List<String> segments, List<List<String>> known) {
        for (int depth = segments.size() - 1; depth >= 0; depth--) {
            List<String> parent = segments.subList(0, depth);
            Set<String> children = new TreeSet<>();
            for (List<String> pattern : known) {
                if (pattern.size() > depth && matches(pattern.subList(0, depth), parent, true)) {
                    String child = pattern.get(depth);
                    if (!child.equals("*") && !child.equals("**")) {
                        children.add(child);
                    }
                }
            }
            if (!children.isEmpty()) {
                String wrong = segments.get(depth);
                if ((wrong.equals("true") || wrong.equals("false")) && children.contains("on")) {
                    // YAML 1.1 reads a bare on (or yes, off, no) as a boolean, so `on: x` arrives as `true: x`
                    return "; a bare on: is read by YAML as true: quote the key, \"on\": <event type>";
                }
                String near = Options.didYouMean(wrong, children);
                return near.isEmpty() ? "; valid under " + String.join(".", parent) + ": " + String.join(", ", children)
                        : near;
            }
        }
        return "";
    }

    private static boolean matches(List<String> pattern, List<String> key, boolean prefixOnly) {
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.equals("**")) {
                return key.size() > i || prefixOnly;
            }
            if (i >= key.size()) {
                return prefixOnly;
            }
            if (!p.equals("*") && !p.equals(key.get(i))) {
                return false;
            }
        }
        return pattern.size() == key.size() || prefixOnly && key.size() < pattern.size();
    }

    /** The key's segments, camelCase and snake_case spelt the way Micronaut binds them (hyphenated). */
    private static List<String> segments(String key) {
        return Arrays.stream(key.split("\\.")).map(s -> s.equals("*") || s.equals("**") ? s : NameUtils.hyphenate(s))
                .toList();
    }
}
