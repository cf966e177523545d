package io.switchboard.application.port.out;

import java.util.Map;
import java.util.Objects;

/**
 * One backing component that can say whether it works: the state store, the pub/sub transport, later Redis.
 * The health service times each {@link #check()} and folds the answers into liveness, readiness and the
 * /health report (docs/operations.md, "Health").
 *
 * <p>A check must answer quickly and must not throw for an outage: an unreachable store is {@link Status#DOWN},
 * with its own timeout bounding how long finding that out may take.
 */
public interface HealthCheck {
    /** The key under {@code checks} in /health, e.g. {@code stateStore} or {@code pubsub}. */
    String name();

    /**
     * What a {@link Status#DOWN} of this component means for the whole server: {@link Impact#UNHEALTHY} when
     * requests cannot be served (the state store), {@link Impact#DEGRADED} when they still are, partly
     * (pub/sub: local delivery goes on). Either way the server is not ready while it is down.
     */
    Impact impactWhenDown();

    Result check();

    enum Status {
        /** Works. */
        UP,
        /** Works, with a handicap (slow, a backlog in the outbox): still ready. */
        DEGRADED,
        /** Does not work: not ready. */
        DOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Impact { UNHEALTHY, DEGRADED }

    /**
     * @param details extra fields shown next to {@code status} and {@code latencyMs}, bounded and free of
     *                secrets (e.g. {@code adapter}, {@code outbox})
     */
    record Result(Status status, Map<String, Object> details) {
        public Result {
            Objects.requireNonNull(status, "status");
            details = details == null ? Map.of() : Map.copyOf(details);
        }

        public static Result up(Map<String, Object> details) {
            return new Result(Status.UP, details);
        }

        public static Result down(Map<String, Object> details) {
            return new Result(Status.DOWN, details);
        }
    }
}
