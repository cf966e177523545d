package io.switchboard.bootstrap.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict-enough reader of the Prometheus text format 0.0.4 for tests: every line must be blank, a
 * {@code # HELP}/{@code # TYPE} comment or a sample {@code name{labels} value}; anything else fails the test.
 */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? "
                    + "([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))(?: [0-9]+)?$");
    private static final Pattern COMMENT = Pattern.compile("^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$");

    private PrometheusText() {
    }

    /** Series (name plus label set exactly as written) to value. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty() || COMMENT.matcher(line).matches()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("line " + lineNumber + " is not Prometheus text: " + line);
            }
            String series = m.group(1) + (m.group(2) == null ? "" : m.group(2));
            String value = m.group(3);
            samples.put(series, value.endsWith("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
        }
        return samples;
    }
}
