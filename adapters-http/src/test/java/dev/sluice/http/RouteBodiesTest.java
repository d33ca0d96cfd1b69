package dev.sluice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route written as YAML by GET reads back as the same definition when it is sent again (the console's edit). */
class RouteBodiesTest {

    @Test
    void whatIsWrittenAsYamlReadsBackUnchangedWhateverTheValuesLookLike() {
        Map<String, Object> options = new LinkedHashMap<>();
        for (String tricky : List.of("yes", "no", "on", "true", "null", "~", "123", "0x1F", "1e3", "2s", "a: b", "#x",
                "- x", "$lowercase(category) = 'electronics'", "\"quoted\"", " padded ", "", "line\nbreak", "日本")) {
            options.put("k" + options.size(), tricky);
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", "erp");
        definition.put("from", "orders");
        definition.put("pipeline", List.of(Map.of("filter", "price > 10"), Map.of("xml", "item")));
        definition.put("options", options);
        definition.put("concurrency", 4);
        definition.put("ratio", new BigDecimal("0.50"));

        Object back = RouteBodies.yaml(RouteBodies.toYaml(definition).getBytes(StandardCharsets.UTF_8));

        assertEquals(definition, back, RouteBodies.toYaml(definition));
    }
}
