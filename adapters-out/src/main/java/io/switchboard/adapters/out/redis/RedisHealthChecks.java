package io.switchboard.adapters.out.redis;

import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.domain.failure.ServiceUnavailable;

import java.util.Map;

/** Health of the Redis link: a PING for the state store, the connections and outbox for pub/sub. */
final class RedisHealthChecks {
    private RedisHealthChecks() {
    }

    static HealthCheck stateStore(RedisConnection connection) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "stateStore";
            }

            @Override
            public Impact impactWhenDown() {
                return Impact.UNHEALTHY;
            }

            @Override
            public Result check() {
                try {
                    connection.ping();
                    return Result.up(Map.of("adapter", "redis"));
                } catch (ServiceUnavailable e) {
                    return Result.down(Map.of("adapter", "redis"));
                }
            }
        };
    }

    static HealthCheck pubSub(ClusterPubSub pubSub) {
        return new HealthCheck() {
            @Override
            public String name() {
                return "pubsub";
            }

            @Override
            public Impact impactWhenDown() {
                return Impact.DEGRADED;
            }

            @Override
            public Result check() {
                Map<String, Object> details = Map.of("adapter", "redis", "outbox", pubSub.outboxSize(),
                        "outboxDropped", pubSub.outboxDropped());
                return pubSub.isConnected() ? Result.up(details) : Result.down(details);
            }
        };
    }
}
