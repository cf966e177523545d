package io.switchboard.application.service.ops;

import io.switchboard.application.port.in.ops.CheckHealthUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.HealthCheck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds the components' checks into one verdict (docs/operations.md, "Health"):
 * <ul>
 *   <li><b>unhealthy</b> (HTTP 503): a component whose outage stops requests (the state store) is down;</li>
 *   <li><b>degraded</b> (HTTP 200): a component is degraded, or one whose outage leaves the server partly working
 *       (pub/sub: local delivery goes on) is down;</li>
 *   <li><b>healthy</b> otherwise.</li>
 * </ul>
 * Readiness is separate: not ready while any component is down or while the server drains for shutdown.
 * A check that throws is a bug in it, and counts as down.
 */
public final class HealthService implements CheckHealthUseCase {
    private final List<HealthCheck> checks;
    private final Clock clock;
    private final Instant startedAt;
    private final String version;
    private volatile boolean draining;

    public HealthService(List<HealthCheck> checks, Clock clock, String version) {
        this.checks = List.copyOf(checks);
        this.clock = Objects.requireNonNull(clock);
        this.version = Objects.requireNonNull(version);
        this.startedAt = clock.now();
    }

    /** Shutdown has begun: readiness turns not-ready at once and stays so. */
    public void beginDrain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public Readiness readiness() {
        return readiness(run());
    }

    @Override
    public Report health() {
        List<Checked> results = run();
        Overall overall = Overall.HEALTHY;
        Map<String, Component> components = new LinkedHashMap<>();
        for (Checked c : results) {
            components.put(c.check().name(), new Component(c.result().status().wireName(), c.latencyMs(),
                    c.result().details()));
            Overall verdict = switch (c.result().status()) {
                case UP -> Overall.HEALTHY;
                case DEGRADED -> Overall.DEGRADED;
                case DOWN -> c.check().impactWhenDown() == HealthCheck.Impact.UNHEALTHY
                        ? Overall.UNHEALTHY : Overall.DEGRADED;
            };
            if (verdict.compareTo(overall) > 0) {
                overall = verdict;
            }
        }
        long uptime = Math.max(0, Duration.between(startedAt, clock.now()).toSeconds());
        Readiness readiness = readiness(results);
        return new Report(overall, uptime, version, draining, readiness.ready(), components);
    }

    private Readiness readiness(List<Checked> results) {
        List<String> reasons = new ArrayList<>();
        if (draining) {
            reasons.add("draining");
        }
        for (Checked c : results) {
            if (c.result().status() == HealthCheck.Status.DOWN) {
                reasons.add(c.check().name() + " down");
            }
        }
        return new Readiness(reasons.isEmpty(), reasons);
    }

    private List<Checked> run() {
        List<Checked> results = new ArrayList<>(checks.size());
        for (HealthCheck check : checks) {
            long started = System.nanoTime();
            HealthCheck.Result result;
            try {
                result = Objects.requireNonNull(check.check(), "a health check answered null");
            } catch (RuntimeException bug) {
                result = HealthCheck.Result.down(Map.of("error", bug.getClass().getSimpleName()));
            }
            long latencyMs = (System.nanoTime() - started) / 1_000_000;
            results.add(new Checked(check, result, latencyMs));
        }
        return results;
    }

    private record Checked(HealthCheck check, HealthCheck.Result result, long latencyMs) {
    }
}
