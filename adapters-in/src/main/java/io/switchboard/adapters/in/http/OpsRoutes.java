package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.metrics.Scrape;
import io.switchboard.application.port.in.ops.CheckHealthUseCase.Readiness;
import io.switchboard.application.port.in.ops.CheckHealthUseCase.Report;
import io.switchboard.application.port.in.ops.CheckHealthUseCase;
import io.switchboard.application.port.in.ops.ScrapeMetricsUseCase;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /health, /health/live, /health/ready and /metrics: no token, no rate limit (ApiHandler exempts them), and no
 * envelope. A health answer is the report itself, so that a probe reads the same document with 200 and with 503
 * (docs/operations.md, "Health").
 */
final class OpsRoutes {
    static final String JSON = "application/json; charset=utf-8";

    private final CheckHealthUseCase health;
    private final ScrapeMetricsUseCase metrics;

    OpsRoutes(CheckHealthUseCase health, ScrapeMetricsUseCase metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    void addTo(Router router) {
        router.add("GET", "/health", false, call -> health())
                .add("GET", "/health/live", false, call -> live())
                .add("GET", "/health/ready", false, call -> ready())
                .add("GET", "/metrics", false, call -> scrape());
    }

    private Reply health() {
        Report report = health.health();
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, component) -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("status", component.status());
            shown.put("latencyMs", component.latencyMs());
            shown.putAll(component.details());
            checks.put(name, shown);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().wireName());
        body.put("uptimeSeconds", report.uptimeSeconds());
        body.put("version", report.version());
        body.put("ready", report.ready());
        body.put("draining", report.draining());
        body.put("checks", checks);
        int status = report.status() == CheckHealthUseCase.Overall.UNHEALTHY ? 503 : 200;
        return json(status, body);
    }

    private Reply live() {
        return json(health.live() ? 200 : 503, Map.of("status", health.live() ? "alive" : "dead"));
    }

    private Reply ready() {
        Readiness readiness = health.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.ready() ? "ready" : "not_ready");
        body.put("reasons", readiness.reasons());
        return json(readiness.ready() ? 200 : 503, body);
    }

    private Reply scrape() {
        Scrape scrape = metrics.scrape();
        return Reply.raw(200, scrape.contentType(), scrape.body());
    }

    private static Reply json(int status, Object body) {
        return Reply.raw(status, JSON, Json.writeBytes(body));
    }
}
