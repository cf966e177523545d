package io.switchboard.bootstrap.support;

import io.switchboard.application.port.out.HealthCheck;

import java.util.Map;

/**
 * A health check whose answer the test sets: the seam for "the state store is down" or "the pub/sub subscription
 * is broken" without a real outage. Give it to {@link TestServer#start(Map, java.util.List)}; it replaces the
 * adapter's check of the same name.
 */
public final class SwitchableHealthCheck implements HealthCheck {
    private final String name;
    private final Impact impact;
    private final Map<String, Object> details;
    private volatile Status status = Status.UP;

    private SwitchableHealthCheck(String name, Impact impact, Map<String, Object> details) {
        this.name = name;
        this.impact = impact;
        this.details = details;
    }

    /** Stands in for the state store (down = unhealthy). */
    public static SwitchableHealthCheck stateStore() {
        return new SwitchableHealthCheck("stateStore", Impact.UNHEALTHY, Map.of("adapter", "test"));
    }

    /** Stands in for the pub/sub transport (down = degraded). */
    public static SwitchableHealthCheck pubSub() {
        return new SwitchableHealthCheck("pubsub", Impact.DEGRADED, Map.of("adapter", "test", "outbox", 3));
    }

    public void set(Status status) {
        this.status = status;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Impact impactWhenDown() {
        return impact;
    }

    @Override
    public Result check() {
        return new Result(status, details);
    }
}
