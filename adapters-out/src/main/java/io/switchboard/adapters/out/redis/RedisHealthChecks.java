package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.domain.failure.ServiceUnavailable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health of the Redis link: a PING for the state store, the connections, the outbox and the inbound queue for pub/sub. */
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
                if (connection.isCluster()) { // every master must answer: a shard down is a store down
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("adapter", "redis-cluster");
                    Map<String, Object> shards = new LinkedHashMap<>();
                    boolean up = true;
                    for (Map.Entry<String, Duration> shard : connection.shardLatencies().entrySet()) {
                        Duration latency = shard.getValue();
                        shards.put(shard.getKey(), latency == null ? "down" : latency.toMillis());
                        up &= latency != null;
                    }
                    details.put("shardLatencyMs", shards);
                    return up ? Result.up(details) : Result.down(details);
                }
                try {
                    connection.ping();
                    return Result.up(Map.of("adapter", "redis"));
                } catch (ServiceUnavailable e) {
                    return Result.down(Map.of("adapter", "redis"));
                }
            }
        };
    }

    /**
     * How long the oldest publication may wait in the outbox before pub/sub counts as down (not ready): longer than
     * the command timeout (2 s) plus the grace after a reconnect (2 s) plus a retry, so that one failed PUBLISH only
     * degrades, and a path that stays broken takes the instance out of the load balancer.
     */
    static final long OUTBOX_STALLED_AFTER_MS = 10_000;

    static HealthCheck pubSub(ClusterPubSub pubSub) {
        return pubSub(pubSub, Duration.ofMillis(OUTBOX_STALLED_AFTER_MS));
    }

    /**
     * Down while a connection is down or the outbox is stalled (its oldest entry waited longer than
     * {@code stalledAfter}); degraded while anything waits in the outbox; up otherwise.
     */
    static HealthCheck pubSub(ClusterPubSub pubSub, Duration stalledAfter) {
        long stalledAfterMs = stalledAfter.toMillis();
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
                int outbox = pubSub.outboxSize();
                long oldest = pubSub.outboxOldestMillis();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("adapter", "redis");
                details.put("outbox", outbox);
                details.put("outboxBytes", pubSub.outboxBytes());
                details.put("outboxOldestMs", oldest);
                details.put("outboxDropped", pubSub.outboxDropped());
                details.put("inboundBytes", pubSub.inboundBytes());
                details.put("inboundDropped", pubSub.inboundDropped());
                if (!pubSub.shards().isEmpty()) {
                    details.put("shardProbeAgeMs", pubSub.shards()); // a probe older than 5 s: that shard is down
                }
                if (!pubSub.isConnected() || oldest > stalledAfterMs) {
                    return Result.down(details);
                }
                return outbox > 0 ? new Result(Status.DEGRADED, details) : Result.up(details);
            }
        };
    }
}
