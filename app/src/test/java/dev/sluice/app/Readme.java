package dev.sluice.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's YAML examples, as written: each fenced {@code yaml} block follows a marker line
 * {@code <!-- example: name -->}, and a block inside a list item loses its indentation, as a reader
 * copying it would.
 */
final class Readme {

    private static final Pattern BLOCK = Pattern.compile("(?m)^( *)```yaml\\n(.*?)^ *```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- example: ([a-z-]+) -->\\s*$");

    private Readme() {}

    /** Marker name → block text; a block without a marker is named {@code unmarked@<offset>}. */
    static Map<String, String> yamlBlocks() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            String before = readme.substring(0, m.start()).stripTrailing();
            Matcher marker = MARKER.matcher(before.substring(before.lastIndexOf('\n') + 1));
            String name = marker.find() ? marker.group(1) : "unmarked@" + m.start();
            String indent = m.group(1);
            StringBuilder text = new StringBuilder();
            for (String line : m.group(2).split("\n", -1)) {
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
            }
            blocks.put(name, text.toString().stripTrailing() + "\n");
        }
        return blocks;
    }

    /** The block after the marker {@code <!-- example: name -->}. */
    static String block(String name) throws IOException {
        String block = yamlBlocks().get(name);
        assertTrue(block != null, "README has a yaml block after <!-- example: " + name + " -->");
        return block;
    }

    /** A block read as Micronaut reads a configuration file. */
    static Map<String, Object> settings(String name) throws IOException {
        return new YamlPropertySourceLoader().read("README " + name,
                new ByteArrayInputStream(block(name).getBytes(StandardCharsets.UTF_8)));
    }
}
