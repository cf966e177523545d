package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.UserConnections;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.user.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A user's open WebSockets across all instances: one sorted set per user, {@code <prefix>{u:<userId>}:ws}, whose
 * members are {@code <instanceId>/<connectionId>} scored by the time (Redis's clock, ms) they stop counting. Each
 * instance refreshes the scores of its own connections every third of the TTL (a heartbeat), so the connections
 * of an instance that died without closing them stop counting one TTL later. Adding checks the cap and drops
 * expired members in one Lua script, so two instances cannot both take the last slot. Keys are hash-tagged by
 * user ({@code {u:<id>}}) so that a later Redis Cluster keeps each user's set on one shard.
 *
 * <p>When Redis cannot answer, adding fails open (the connection is accepted and recorded here only; the next
 * heartbeat that reaches Redis adds it there): the cap protects against abuse and is not worth refusing every
 * connection during an outage.
 */
public final class RedisUserConnections implements UserConnections, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisUserConnections.class);

    private static final LuaScript ADD = new LuaScript("""
            -- KEYS: the user's set; ARGV: member, cap (0 = none), ttl ms
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local max = tonumber(ARGV[2])
            if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and max > 0 and redis.call('ZCARD', KEYS[1]) >= max then
              return 0
            end
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript REFRESH = new LuaScript("""
            -- KEYS: the user's set; ARGV: ttl ms, then this instance's members (re-added if they had expired)
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            for i = 2, #ARGV do
              redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
            end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return #ARGV - 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript COUNT = new LuaScript("""
            -- KEYS: the user's set
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
            """, ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final int max;
    private final long ttlMs;
    private final String instanceId = UUID.randomUUID().toString();
    /** This instance's connections, per user: what the heartbeat refreshes. */
    private final Map<UserId, Set<String>> local = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;

    RedisUserConnections(RedisConnection redis, RedisKeys keys, int max, long ttlMs) {
        if (max < 0) {
            throw new IllegalArgumentException("WS_MAX_CONNECTIONS_PER_USER must not be negative");
        }
        if (ttlMs < 3) {
            throw new IllegalArgumentException("the connection TTL must be at least 3 ms");
        }
        this.redis = redis;
        this.keys = keys;
        this.max = max;
        this.ttlMs = ttlMs;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sb-user-connections-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, ttlMs / 3);
        heartbeat.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean tryAdd(UserId user, String connectionId) {
        String member = member(connectionId);
        try {
            long added = redis.call(r -> ADD.<Long>run(r, new String[] {keys.userConnections(user)}, member,
                    Integer.toString(max), Long.toString(ttlMs)));
            if (added != 1) {
                return false;
            }
        } catch (ServiceUnavailable e) {
            log.warn("cannot count the connections of a user in Redis ({}); accepting the connection", e.reason());
        }
        local.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(connectionId);
        return true;
    }

    @Override
    public void remove(UserId user, String connectionId) {
        local.computeIfPresent(user, (k, ids) -> {
            ids.remove(connectionId);
            return ids.isEmpty() ? null : ids;
        });
        try {
            redis.call(r -> r.zrem(keys.userConnections(user), member(connectionId)));
        } catch (ServiceUnavailable e) {
            // Not refreshed any more: it stops counting within one TTL.
            log.debug("cannot remove a connection from Redis now ({}); it expires by itself", e.reason());
        }
    }

    @Override
    public int count(UserId user) {
        long n = redis.call(r -> COUNT.<Long>run(r, new String[] {keys.userConnections(user)}));
        return (int) n;
    }

    /** The heartbeat: pushes the expiry of each of this instance's connections one TTL further. */
    void refresh() {
        for (Map.Entry<UserId, Set<String>> entry : local.entrySet()) {
            List<String> args = new ArrayList<>();
            args.add(Long.toString(ttlMs));
            entry.getValue().forEach(id -> args.add(member(id)));
            if (args.size() == 1) {
                continue;
            }
            try {
                redis.call(r -> REFRESH.<Long>run(r, new String[] {keys.userConnections(entry.getKey())},
                        args.toArray(String[]::new)));
            } catch (ServiceUnavailable e) {
                log.debug("connection heartbeat skipped: Redis unavailable ({})", e.reason());
                return;
            } catch (RuntimeException e) {
                log.warn("connection heartbeat failed", e);
                return;
            }
        }
    }

    private String member(String connectionId) {
        return instanceId + "/" + connectionId;
    }

    /** Stops the heartbeat; entries not removed before stop counting one TTL later. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
