package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of a run, drawn with JFreeChart from its results file ({@code bench/results/<run>.json}):
 * SSE fan-out latency and throughput by client count, every throughput as a ratio to its baseline, and
 * latency percentiles against their baselines. Only what the file holds is drawn: a benchmark the run
 * skipped or did not include leaves its chart out (or its bars), nothing is made up.
 * {@code scripts/bench --plot bench/results/full-….json [--out docs/performance]}.
 */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 500;
    private static final Color SLUICE = new Color(0x1f77b4);
    private static final Color BASELINE = new Color(0x7f7f7f);
    private static final Color OFFERED = new Color(0xff7f0e);
    private static final Pattern FANOUT = Pattern.compile("sse-fanout-(\\d+)");

    private Charts() {}

    /** One figure of a results file. */
    record Point(String benchmark, String metric, double sluice, String baseline, double baseValue) {
        double ratio() {
            return baseValue == 0 || Double.isNaN(baseValue) || Double.isNaN(sluice) ? Double.NaN : sluice / baseValue;
        }
    }

    /** A run: its name (file stem), when it started, and its figures. */
    record RunFigures(String name, String startedAt, String mode, List<Point> points) {
        Point find(String benchmark, String metric) {
            return points.stream().filter(p -> p.benchmark.equals(benchmark) && p.metric.equals(metric)
                    && !Double.isNaN(p.sluice)).findFirst().orElse(null);
        }

        /** client count → the fan-out figure of {@code metric}, ascending. */
        Map<Integer, Point> fanout(String metric) {
            Map<Integer, Point> out = new TreeMap<>();
            for (Point p : points) {
                Matcher m = FANOUT.matcher(p.benchmark);
                if (m.matches() && p.metric.equals(metric) && !Double.isNaN(p.sluice)) {
                    out.put(Integer.parseInt(m.group(1)), p);
                }
            }
            return out;
        }
    }

    static RunFigures read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<Point> points = new ArrayList<>();
        for (JsonNode f : root.path("figures")) {
            points.add(new Point(f.path("benchmark").asText(), f.path("metric").asText(), number(f.get("sluice")),
                    f.path("baseline").asText(""), number(f.get("baselineValue"))));
        }
        String file = json.getFileName().toString();
        return new RunFigures(file.endsWith(".json") ? file.substring(0, file.length() - 5) : file,
                root.path("run").path("startedAt").asText(""), root.path("run").path("mode").asText(""), points);
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** Writes every chart the run has data for as {@code <prefix><chart>.png} in {@code dir}; their paths. */
    static List<Path> write(RunFigures run, Path dir, String prefix) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        charts.put("sse-fanout-latency", fanoutLatency(run));
        charts.put("sse-fanout-throughput", fanoutThroughput(run));
        charts.put("throughput-ratios", throughputRatios(run));
        charts.put("latency-percentiles", latencyPercentiles(run));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> c : charts.entrySet()) {
            if (c.getValue() != null) {
                Path png = dir.resolve(prefix + c.getKey() + ".png");
                ChartUtils.saveChartAsPNG(png.toFile(), c.getValue(), WIDTH, HEIGHT);
                written.add(png);
            }
        }
        return written;
    }

    /** p99 delivery latency by client count, Sluice against one client at the same rate; log scale. */
    static JFreeChart fanoutLatency(RunFigures run) {
        Map<Integer, Point> p99 = run.fanout("p99 ms");
        if (p99.isEmpty()) {
            return null;
        }
        XYSeries sluice = new XYSeries("Sluice, p99");
        XYSeries baseline = new XYSeries("1 client at the same rate, p99 (baseline)");
        p99.forEach((clients, p) -> {
            sluice.add(clients.doubleValue(), p.sluice);
            baseline.add(clients.doubleValue(), p.baseValue);
        });
        // issue 18's targets: p99 <= 100 ms at 10 000 clients, <= 250 ms at 18 000
        XYSeries targets = new XYSeries("target (issue 18)");
        targets.add(10_000, 100);
        targets.add(18_000, 250);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(sluice);
        data.addSeries(baseline);
        data.addSeries(targets);
        NumberAxis x = new NumberAxis("SSE clients (each gets every event, 5 events/s)");
        x.setAutoRangeIncludesZero(true);
        LogAxis y = new LogAxis("delivery latency, ms (log scale)");
        y.setBase(10);
        y.setSmallestValue(1);
        y.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        y.setMinorTickMarksVisible(true);
        XYLineAndShapeRenderer renderer = lines(SLUICE, BASELINE, Color.RED);
        renderer.setSeriesLinesVisible(2, false);
        renderer.setSeriesShape(2, new java.awt.geom.Rectangle2D.Double(-6, -1.5, 12, 3));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        return chart("SSE fan-out: p99 latency by number of clients", run, plot);
    }

    /** Deliveries per second against what was offered (clients × rate), by client count. */
    static JFreeChart fanoutThroughput(RunFigures run) {
        Map<Integer, Point> rate = run.fanout("deliveries/s");
        if (rate.isEmpty()) {
            return null;
        }
        XYSeries sluice = new XYSeries("Sluice, deliveries/s");
        XYSeries offered = new XYSeries("offered (clients × 5 events/s)");
        rate.forEach((clients, p) -> {
            sluice.add(clients.doubleValue(), p.sluice);
            offered.add(clients.doubleValue(), p.baseValue);
        });
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(offered);
        data.addSeries(sluice);
        XYLineAndShapeRenderer renderer = lines(OFFERED, SLUICE);
        // offered wide and dashed beneath, Sluice on top: where every event arrived, the two lines coincide
        renderer.setSeriesStroke(0, new BasicStroke(7f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {12f, 8f}, 0f));
        XYPlot plot = new XYPlot(data, new NumberAxis("SSE clients"), new NumberAxis("events delivered per second"), renderer);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        return chart("SSE fan-out: deliveries per second by number of clients", run, plot);
    }

    /** Each throughput figure as a ratio of its baseline (1.0: as fast as the baseline). */
    static JFreeChart throughputRatios(RunFigures run) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Point p : run.points) {
            boolean throughput = p.metric.equals("records/s") || p.metric.equals("requests/s")
                    || p.metric.equals("deliveries/s") && p.benchmark.startsWith("webhook");
            if (throughput && !Double.isNaN(p.ratio())) {
                data.addValue(p.ratio(), "Sluice ÷ baseline", p.benchmark);
            }
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), new NumberAxis("ratio to the baseline (same run)"),
                bars(SLUICE));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        ValueMarker one = new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.5f));
        one.setLabel("baseline");
        one.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT); // inside the plot, not cut at its left edge
        one.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(one);
        JFreeChart chart = chart("Throughput against baselines (raw producer, plain endpoint, direct HTTP client)", run, plot);
        return chart;
    }

    /** Latency percentiles of POST → SSE and of single POSTs against their baselines. */
    static JFreeChart latencyPercentiles(RunFigures run) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (String metric : List.of("p50 ms", "p99 ms", "p99.9 ms")) {
            Point e2e = run.find("e2e-latency", metric);
            if (e2e != null) {
                String label = "POST→SSE " + metric.replace(" ms", "");
                data.addValue(e2e.sluice, "Sluice", label);
                data.addValue(e2e.baseValue, "baseline (Kafka EndToEndLatency; plain endpoint)", label);
            }
        }
        for (String metric : List.of("p50 ms", "p99 ms")) {
            Point single = run.find("ingest-single", metric);
            if (single != null) {
                String label = "single POST " + metric.replace(" ms", "");
                data.addValue(single.sluice, "Sluice", label);
                data.addValue(single.baseValue, "baseline (Kafka EndToEndLatency; plain endpoint)", label);
            }
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), new NumberAxis("milliseconds"), bars(SLUICE, BASELINE));
        return chart("Latency percentiles against baselines", run, plot);
    }

    private static XYLineAndShapeRenderer lines(Color... colors) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        return r;
    }

    private static BarRenderer bars(Color... colors) {
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
        }
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.##")));
        r.setDefaultItemLabelsVisible(true);
        return r;
    }

    private static JFreeChart chart(String title, RunFigures run, org.jfree.chart.plot.Plot plot) {
        if (plot instanceof CategoryPlot c) {
            c.setOrientation(PlotOrientation.VERTICAL);
        }
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot c) {
            c.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(run.name + " (" + run.mode + " mode), 2 cores shared by load, broker and Sluice",
                new Font("SansSerif", Font.PLAIN, 12)));
        return chart;
    }
}
