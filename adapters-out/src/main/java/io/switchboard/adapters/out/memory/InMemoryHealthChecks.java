package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.HealthCheck;

import java.util.Map;

/**
 * The health of the in-memory adapters. They live in the process's own heap, so they are up as long as the process
 * answers; the checks exist so that /health has the same shape as with Redis, where the same names report PING
 * round trips, the subscription's state and the outbox.
 */
final class InMemoryHealthChecks {
    private InMemoryHealthChecks() {
    }

    static HealthCheck stateStore() {
        return new Fixed("stateStore", HealthCheck.Impact.UNHEALTHY, Map.of("adapter", "memory"));
    }

    static HealthCheck pubSub() {
        // Nothing is ever buffered in process: the outbox is always empty.
        return new Fixed("pubsub", HealthCheck.Impact.DEGRADED, Map.of("adapter", "memory", "outbox", 0));
    }

    private record Fixed(String name, Impact impactWhenDown, Map<String, Object> details) implements HealthCheck {
        @Override
        public Result check() {
            return Result.up(details);
        }
    }
}
