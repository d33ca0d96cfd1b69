package dev.sluice.bench;

/**
 * One measured figure next to its baseline from the same run.
 *
 * @param benchmark  e.g. {@code ingest-batch-100}
 * @param metric     what was measured, e.g. {@code records/s} or {@code p99 ms}
 * @param sluice     Sluice's value
 * @param baseline   what the baseline is, e.g. {@code raw producer acks=all}
 * @param baseValue  the baseline's value, measured in the same run
 * @param target     the goal this figure is judged against, or "" when none
 * @param met        whether the target was met; null when there is none or it was not measured
 * @param note       anything a reader needs to interpret the figure (skips, limits, settings)
 */
record Figure(String benchmark, String metric, double sluice, String baseline, double baseValue,
              String target, Boolean met, String note) {

    /** Sluice's value divided by the baseline's. */
    double ratio() {
        return baseValue == 0 || Double.isNaN(baseValue) || Double.isNaN(sluice) ? Double.NaN : sluice / baseValue;
    }

    static Figure skipped(String benchmark, String metric, String why) {
        return new Figure(benchmark, metric, Double.NaN, "", Double.NaN, "", null, "skipped: " + why);
    }

    Figure withTarget(String target, Boolean met) {
        return new Figure(benchmark, metric, sluice, baseline, baseValue, target, met, note);
    }

    /** The one line printed per figure. */
    String line() {
        return String.format("%-26s %-14s sluice %12s | %-34s %12s | ratio %6s%s%s",
                benchmark, metric, num(sluice), baseline, num(baseValue), num(ratio()),
                target.isEmpty() ? "" : " | target " + target + (met == null ? "" : met ? " MET" : " NOT MET"),
                note.isEmpty() ? "" : " | " + note);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        return String.format("%.2f", v);
    }
}
