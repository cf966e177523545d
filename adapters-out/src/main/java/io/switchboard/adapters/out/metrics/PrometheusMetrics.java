package io.switchboard.adapters.out.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.application.metrics.Scrape;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.MetricsExposition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The {@link Metrics} port on Prometheus client_java 1.x, and its text rendering for GET /metrics. Each instance has
 * its own registry, so servers started side by side in one JVM (tests) never share a count.
 *
 * <p>Every label value is bounded: route templates (never raw paths), frame types, reasons, event types, session
 * operations and failure reasons are constants in the code; close codes outside the contract's list become
 * {@code other}; and {@link BoundedLabels} caps each label at {@value #MAX_VALUES_PER_LABEL} distinct values as a
 * safety net, mapping the rest to {@code other}. No user id, topic or path ever becomes a label.
 *
 * <p>The names and labels are listed in docs/operations.md ("Metrics").
 */
public final class PrometheusMetrics implements Metrics, MetricsExposition {
    static final int MAX_VALUES_PER_LABEL = 64;
    /** Seconds: from half a millisecond (an in-memory read) to ten seconds (a stuck request). */
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10};
    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
            "OPTIONS");
    private static final Set<Integer> CLOSE_CODES = Set.of(1000, 1001, 1002, 1003, 1006, 1007, 1008, 1009, 1011,
            1013);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter httpRequests;
    private final Histogram httpDuration;
    private final Counter httpRefused;
    private final Counter httpRateLimitEvicted;
    private final Gauge wsConnections;
    private final Counter wsOpened;
    private final Counter wsClosed;
    private final Counter wsFramesIn;
    private final Counter wsFramesOut;
    private final Counter wsDropped;
    private final Counter published;
    private final Counter delivered;
    private final Counter sessionOperations;
    private final Histogram sessionDuration;
    private final Counter sessionExpiries;
    private final BoundedLabels routes = new BoundedLabels(MAX_VALUES_PER_LABEL);
    private final BoundedLabels frameTypes = new BoundedLabels(MAX_VALUES_PER_LABEL);
    /** The frames-out data point per frame type that {@link #frameTypes} kept (at most its bound). */
    private final java.util.Map<String, CounterDataPoint> framesOutByType =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final BoundedLabels reasons = new BoundedLabels(MAX_VALUES_PER_LABEL);
    private final BoundedLabels eventTypes = new BoundedLabels(MAX_VALUES_PER_LABEL);
    private final BoundedLabels sessionResults = new BoundedLabels(MAX_VALUES_PER_LABEL);

    private PrometheusMetrics() {
        httpRequests = Counter.builder().name("switchboard_http_requests")
                .help("HTTP requests answered, by method, route template and status")
                .labelNames("method", "route", "status").register(registry);
        httpDuration = Histogram.builder().name("switchboard_http_request_duration_seconds")
                .help("Time from reading a request to writing its response, by method, route template and status")
                .labelNames("method", "route", "status").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);

        httpRefused = Counter.builder().name("switchboard_http_refused")
                .help("HTTP requests refused by a protective bound, by reason (body_timeout: the body stalled; "
                        + "body_memory: the bodies being read fill their memory budget; "
                        + "password_hashing_busy: too many password hashes at once)")
                .labelNames("reason").register(registry);
        httpRateLimitEvicted = Counter.builder().name("switchboard_http_rate_limit_evicted")
                .help("Clients the HTTP rate limiter forgot because its table of IPs was full")
                .register(registry);
        wsConnections = Gauge.builder().name("switchboard_ws_connections")
                .help("Open WebSocket connections, by dialect").labelNames("dialect").register(registry);
        wsOpened = Counter.builder().name("switchboard_ws_connections_opened")
                .help("WebSocket connections opened, by dialect").labelNames("dialect").register(registry);
        wsClosed = Counter.builder().name("switchboard_ws_connections_closed")
                .help("WebSocket connections closed, by dialect and close code")
                .labelNames("dialect", "code").register(registry);
        wsFramesIn = Counter.builder().name("switchboard_ws_frames_in")
                .help("WebSocket frames received, by frame type").labelNames("type").register(registry);
        wsFramesOut = Counter.builder().name("switchboard_ws_frames_out")
                .help("WebSocket frames queued for sending, by frame type").labelNames("type").register(registry);
        wsDropped = Counter.builder().name("switchboard_ws_dropped")
                .help("WebSocket frames or connections dropped, by reason (slow_consumer, rate_limit, size, "
                        + "ping_timeout, connection_limit, user_connection_limit)")
                .labelNames("reason").register(registry);

        published = Counter.builder().name("switchboard_pubsub_published")
                .help("Publications, by event type").labelNames("event_type").register(registry);
        delivered = Counter.builder().name("switchboard_pubsub_delivered")
                .help("Publications handed to a local subscriber (one per subscriber reached)").register(registry);

        sessionOperations = Counter.builder().name("switchboard_session_operations")
                .help("Session operations, by operation and result (ok or the failure's reason)")
                .labelNames("op", "result").register(registry);
        sessionDuration = Histogram.builder().name("switchboard_session_operation_duration_seconds")
                .help("Session operation latency, by operation").labelNames("op").classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS).register(registry);
        sessionExpiries = Counter.builder().name("switchboard_session_expiries")
                .help("Session clocks that ran out and were stored as expired, by action on timeout")
                .labelNames("action").register(registry);

        registerJvm();
    }

    /** A fresh set of metrics with its own registry, JVM gauges included. */
    public static PrometheusMetrics create() {
        return new PrometheusMetrics();
    }

    /**
     * Registers a gauge read at scrape time, for values that live elsewhere (the pub/sub outbox size, Redis up).
     * {@code name} must be a valid Prometheus name and must not be registered twice.
     */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    // ---- Metrics ---------------------------------------------------------------------------------------

    @Override
    public void httpRequest(String method, String route, int status, long nanos) {
        String m = HTTP_METHODS.contains(method) ? method : "OTHER";
        String r = routes.of(route);
        String s = status >= 100 && status <= 599 ? Integer.toString(status) : "other";
        httpRequests.labelValues(m, r, s).inc();
        httpDuration.labelValues(m, r, s).observe(seconds(nanos));
    }

    @Override
    public void httpRefused(String reason) {
        httpRefused.labelValues(reasons.of(reason)).inc();
    }

    @Override
    public void httpRateLimitEvicted(long clients) {
        httpRateLimitEvicted.inc(clients);
    }

    @Override
    public void wsOpened(String dialect) {
        String d = dialect(dialect);
        wsOpened.labelValues(d).inc();
        wsConnections.labelValues(d).inc();
    }

    @Override
    public void wsClosed(String dialect, int closeCode) {
        String d = dialect(dialect);
        wsClosed.labelValues(d, CLOSE_CODES.contains(closeCode) ? Integer.toString(closeCode) : "other").inc();
        wsConnections.labelValues(d).dec();
    }

    @Override
    public void wsFrameIn(String type) {
        wsFramesIn.labelValues(frameTypes.of(type)).inc();
    }

    @Override
    public void wsFrameOut(String type) {
        // Once per delivered frame: the data point of a known type is looked up once, not built from labels each time.
        CounterDataPoint point = type == null ? null : framesOutByType.get(type);
        if (point == null) {
            String label = frameTypes.of(type);
            point = wsFramesOut.labelValues(label);
            if (label.equals(type)) {
                framesOutByType.putIfAbsent(type, point);
            }
        }
        point.inc();
    }

    @Override
    public void wsDropped(String reason) {
        wsDropped.labelValues(reasons.of(reason)).inc();
    }

    @Override
    public void published(String eventType) {
        published.labelValues(eventTypes.of(eventType)).inc();
    }

    @Override
    public void delivered(int subscribers) {
        if (subscribers > 0) {
            delivered.inc(subscribers);
        }
    }

    @Override
    public void sessionOperation(String op, String result, long nanos) {
        String o = sessionResults.of(op);
        sessionOperations.labelValues(o, sessionResults.of(result)).inc();
        sessionDuration.labelValues(o).observe(seconds(nanos));
    }

    @Override
    public void sessionExpired(String action) {
        sessionExpiries.labelValues(reasons.of(action)).inc();
    }

    // ---- MetricsExposition -----------------------------------------------------------------------------

    @Override
    public Scrape scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering metrics into memory failed", e);
        }
        return new Scrape(PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }

    // ---- JVM, by hand from java.lang.management ------------------------------------------------------

    private void registerJvm() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name("jvm_memory_used_bytes")
                .help("Used memory, heap and non-heap").labelNames("area")
                .callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getUsed(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getUsed(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_committed_bytes")
                .help("Memory committed by the JVM, heap and non-heap").labelNames("area")
                .callback(cb -> {
                    cb.call(memory.getHeapMemoryUsage().getCommitted(), "heap");
                    cb.call(memory.getNonHeapMemoryUsage().getCommitted(), "nonheap");
                }).register(registry);
        GaugeWithCallback.builder().name("jvm_memory_max_bytes")
                .help("Most memory the JVM may use, heap and non-heap (-1 when undefined)").labelNames("area")
                .callback(cb -> {
                    cb.call(max(memory.getHeapMemoryUsage()), "heap");
                    cb.call(max(memory.getNonHeapMemoryUsage()), "nonheap");
                }).register(registry);

        CounterWithCallback.builder().name("jvm_gc_collections")
                .help("Garbage collections, by collector").labelNames("gc")
                .callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        long count = gc.getCollectionCount();
                        if (count >= 0) {
                            cb.call(count, gc.getName());
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collection_seconds")
                .help("Time spent in garbage collection, by collector").labelNames("gc")
                .callback(cb -> {
                    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        long millis = gc.getCollectionTime();
                        if (millis >= 0) {
                            cb.call(millis / 1000.0, gc.getName());
                        }
                    }
                }).register(registry);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GaugeWithCallback.builder().name("jvm_threads_live")
                .help("Live threads, daemon and non-daemon").callback(cb -> cb.call(threads.getThreadCount()))
                .register(registry);
        GaugeWithCallback.builder().name("jvm_threads_daemon")
                .help("Live daemon threads").callback(cb -> cb.call(threads.getDaemonThreadCount()))
                .register(registry);
        GaugeWithCallback.builder().name("jvm_threads_peak")
                .help("Most live threads since the JVM started").callback(cb -> cb.call(threads.getPeakThreadCount()))
                .register(registry);
    }

    private static double max(MemoryUsage usage) {
        return usage.getMax();
    }

    private static double seconds(long nanos) {
        return Math.max(0, nanos) / 1e9;
    }

    private static String dialect(String dialect) {
        return "topic".equals(dialect) || "session".equals(dialect) ? dialect : "other";
    }

    /**
     * Keeps a label's value set small whatever the callers pass: the first {@code max} distinct values are kept,
     * later new ones become {@code other}; null or empty becomes {@code none}.
     */
    static final class BoundedLabels {
        private final int max;
        private final Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        BoundedLabels(int max) {
            this.max = max;
        }

        String of(String value) {
            if (value == null || value.isEmpty()) {
                return "none";
            }
            if (seen.contains(value)) {
                return value;
            }
            if (seen.size() >= max) {
                return "other";
            }
            seen.add(value);
            return value;
        }
    }
}
