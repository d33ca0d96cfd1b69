package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects figures, prints each as it comes, and writes the run as JSON and CSV. */
final class Results {

    private final List<Figure> figures = new ArrayList<>();

    synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.println(figure.line());
    }

    synchronized List<Figure> all() {
        return List.copyOf(figures);
    }

    /** Writes {@code <stem>.json} (the figures plus the run's settings) and {@code <stem>.csv}. */
    synchronized void write(Path dir, String stem, Map<String, Object> run) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.set("run", json.valueToTree(run));
        ArrayNode rows = root.putArray("figures");
        StringBuilder csv = new StringBuilder("benchmark,metric,sluice,baseline,baseline_value,ratio,target,met,note\n");
        for (Figure f : figures) {
            ObjectNode row = rows.addObject();
            row.put("benchmark", f.benchmark());
            row.put("metric", f.metric());
            putNumber(row, "sluice", f.sluice());
            row.put("baseline", f.baseline());
            putNumber(row, "baselineValue", f.baseValue());
            putNumber(row, "ratio", f.ratio());
            row.put("target", f.target());
            if (f.met() != null) {
                row.put("met", f.met());
            }
            row.put("note", f.note());
            csv.append(String.join(",", csvField(f.benchmark()), csvField(f.metric()), csvNumber(f.sluice()),
                    csvField(f.baseline()), csvNumber(f.baseValue()), csvNumber(f.ratio()), csvField(f.target()),
                    f.met() == null ? "" : String.valueOf(f.met()), csvField(f.note()))).append('\n');
        }
        json.writeValue(dir.resolve(stem + ".json").toFile(), root);
        Files.writeString(dir.resolve(stem + ".csv"), csv);
    }

    private static void putNumber(ObjectNode row, String name, double v) {
        if (Double.isNaN(v)) {
            row.putNull(name);
        } else {
            row.put(name, Math.round(v * 1000) / 1000.0);
        }
    }

    private static String csvNumber(double v) {
        return Double.isNaN(v) ? "" : String.valueOf(Math.round(v * 1000) / 1000.0);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
