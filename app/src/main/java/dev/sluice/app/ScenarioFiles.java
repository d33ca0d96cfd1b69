package dev.sluice.app;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.io.ResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each scenario's routes, rules and views live in one file under {@code routes/}, loaded when the
 * scenario's environment is active: {@code s1} → {@code routes/s1-master-data.yml}, {@code s2} →
 * {@code routes/s2-bridge.yml}, {@code s3} → {@code routes/s3-commerce.yml}, {@code s4} →
 * {@code routes/s4-bookstore.yml}, {@code s5} → {@code routes/s5-clients.yml}. The default run
 * activates all of them ({@link Sluice}); {@code MICRONAUT_ENVIRONMENTS=demo,s1,s3} runs a subset.
 *
 * <p>Micronaut loads {@code application-<environment>.yml} by name; this loader adds one more file per
 * environment, read with Micronaut's own YAML reader and placed exactly where that environment's
 * {@code application-<environment>.yml} would be, so the environment variables and system properties
 * still override it. A file of the same path under {@code config/} on disk (Micronaut's second
 * configuration location) is read as well, and wins.
 */
public final class ScenarioFiles extends YamlPropertySourceLoader {

    /** Environment name → file under {@code routes/}. */
    static final Map<String, String> FILES = Map.of(
            "s1", "s1-master-data.yml",
            "s2", "s2-bridge.yml",
            "s3", "s3-commerce.yml",
            "s4", "s4-bookstore.yml",
            "s5", "s5-clients.yml");

    public ScenarioFiles() {
        super(false);
    }

    /** No extension of its own: {@code .yml} files named in {@code micronaut.config.files} stay Micronaut's. */
    @Override
    public Set<String> getExtensions() {
        return Set.of();
    }

    /** There is no base file: a scenario's file belongs to its environment. */
    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        return Optional.empty();
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader, ActiveEnvironment environment) {
        String file = FILES.get(environment.getName());
        if (file == null || !"application".equals(resourceName)) {
            return Optional.empty();
        }
        String path = "routes/" + file;
        Optional<InputStream> input = readInput(resourceLoader, path);
        if (input.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        try (InputStream in = input.get()) {
            processInput(path, in, values);
        } catch (IOException e) {
            throw new ConfigurationException("could not read " + path + ": " + e.getMessage(), e);
        }
        // the same place as application-<environment>.yml (Micronaut's AbstractPropertySourceLoader)
        int order = getOrder() + 1 + environment.getPriority();
        return Optional.of(createPropertySource(path, values, order, PropertySource.Origin.of(path)));
    }
}
