package io.switchboard.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One scenario's result: printed as one JSON line (prefixed {@code RESULT }) and as a readable table. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    /**
     * The 1-minute load average when this process started, before it started servers or opened connections: the
     * neighbours' load. The value printed at the end ({@code loadAvgAfter}) includes this benchmark's own server and
     * generator (about 1 to 1.5 runnable threads in the streaming scenarios).
     */
    static volatile double LOAD_BEFORE = -1;

    Report(String scenario) {
        fields.put("scenario", scenario);
        fields.put("at", Instant.now().toString());
        fields.put("loadAvgBefore", LOAD_BEFORE);
    }

    Report put(String key, Object value) {
        if (value instanceof Double d) {
            value = Math.round(d * 1000) / 1000.0;
        }
        fields.put(key, value);
        return this;
    }

    /** Adds {@code prefix} + each key of a latency summary (e.g. deliveryP99Ms). */
    Report latency(String prefix, Latency latency) {
        latency.summary().forEach((k, v) -> fields.put(prefix + Character.toUpperCase(k.charAt(0)) + k.substring(1), v));
        return this;
    }

    /** CPU and memory between two snapshots, and how busy the load generator was. */
    Report cpu(ProcStats.Snapshot from, ProcStats.Snapshot to, long deliveries) {
        put("windowSeconds", (to.nanoTime() - from.nanoTime()) / 1e9);
        put("loadGenCorePercent", from.selfCorePercent(to));
        put("loadGenKernelSharePercent", from.selfSystemShare(to));
        put("serverCorePercent", from.serverCorePercent(to));
        long serverCpu = from.serverCpuDelta(to);
        if (serverCpu >= 0 && deliveries > 0) {
            put("serverCpuMicrosPerDelivery", serverCpu / 1000.0 / deliveries);
        }
        if (to.serverRssBytes() > 0) {
            put("serverRssMB", to.serverRssBytes() / 1048576.0);
        }
        return this;
    }

    Object get(String key) {
        return fields.get(key);
    }

    void print(PrintStream out) {
        fields.put("loadAvgAfter", ProcStats.loadAverage());
        Object gen = fields.get("loadGenCorePercent");
        if (gen instanceof Number n) {
            fields.put("loadGenSaturated", n.doubleValue() > 85.0);
        }
        try {
            out.println("RESULT " + JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.println("+" + "-".repeat(width + 2) + "+" + "-".repeat(32) + "+");
        fields.forEach((k, v) -> out.printf("| %-" + width + "s | %-30s |%n", k, v));
        out.println("+" + "-".repeat(width + 2) + "+" + "-".repeat(32) + "+");
        out.flush();
    }
}
