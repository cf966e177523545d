package io.switchboard.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One latency distribution, thread-safe to record into. Two histograms: {@code raw} holds each measured value;
 * {@code corrected} holds the same values recorded with {@link Recorder#recordValueWithExpectedInterval}, which
 * back-fills the samples a stalled fixed-rate stream would have produced (coordinated omission). Every latency is
 * also measured from the <em>intended</em> send time of the fixed-rate schedule, not the actual one, so a stalled
 * sender shows up as latency rather than as a quieter period.
 */
final class Latency {
    private static final long HIGHEST = 3_600_000_000_000L; // 1 h in ns
    private final Recorder raw = new Recorder(HIGHEST, 3);
    private final Recorder corrected = new Recorder(HIGHEST, 3);
    private final long expectedIntervalNanos;
    private Histogram rawTotal;
    private Histogram correctedTotal;

    /** @param expectedIntervalNanos the interval between samples of one stream; 0 = no correction */
    Latency(long expectedIntervalNanos) {
        this.expectedIntervalNanos = expectedIntervalNanos;
    }

    void record(long nanos) {
        long v = Math.max(0, Math.min(nanos, HIGHEST));
        raw.recordValue(v);
        if (expectedIntervalNanos > 0) {
            corrected.recordValueWithExpectedInterval(v, expectedIntervalNanos);
        } else {
            corrected.recordValue(v);
        }
    }

    /** Throws away everything recorded so far (e.g. the warm-up). */
    synchronized void reset() {
        raw.reset();
        corrected.reset();
        rawTotal = null;
        correctedTotal = null;
    }

    /** Freezes what was recorded so far; call once, after the run. */
    synchronized void freeze() {
        rawTotal = raw.getIntervalHistogram();
        correctedTotal = corrected.getIntervalHistogram();
    }

    Histogram corrected() {
        return correctedTotal;
    }

    Histogram raw() {
        return rawTotal;
    }

    /** p50/p90/p99/p99.9/max in ms of the corrected histogram, plus the raw p99 and the count. */
    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        Histogram c = correctedTotal;
        m.put("count", rawTotal.getTotalCount());
        m.put("p50Ms", ms(c.getValueAtPercentile(50)));
        m.put("p90Ms", ms(c.getValueAtPercentile(90)));
        m.put("p99Ms", ms(c.getValueAtPercentile(99)));
        m.put("p999Ms", ms(c.getValueAtPercentile(99.9)));
        m.put("maxMs", ms(c.getMaxValue()));
        m.put("rawP99Ms", ms(rawTotal.getValueAtPercentile(99)));
        return m;
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
