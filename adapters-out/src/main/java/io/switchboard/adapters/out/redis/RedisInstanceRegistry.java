package io.switchboard.adapters.out.redis;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.InstanceRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The live instances on Redis (docs/redis.md): one hash per instance, {@code <prefix>{instances}:i:<id>}, with a
 * TTL (PEXPIRE), and an index {@code <prefix>{instances}:idx}, a sorted set of ids scored by when their entry
 * expires (Redis's clock, ms). Both keys carry the tag {@code {instances}}, so the heartbeat script touches one
 * cluster slot. Listing drops the expired ids from the index and reads each live hash.
 */
final class RedisInstanceRegistry implements InstanceRegistry {
    private static final LuaScript HEARTBEAT = new LuaScript("""
            -- KEYS: the instance's hash, the index; ARGV: id, ttl ms, then field/value pairs
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'seenAt', now, unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
            return now
            """, ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisInstanceRegistry(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void heartbeat(Entry entry, Duration ttl) {
        String[] args = {entry.instanceId(), Long.toString(ttl.toMillis()),
                "startedAt", Long.toString(entry.startedAt().toEpochMilli()),
                "connections", Integer.toString(entry.connections()),
                "topicConnections", Integer.toString(entry.topicConnections()),
                "sessionConnections", Integer.toString(entry.sessionConnections()),
                "draining", entry.draining() ? "1" : "0"};
        redis.call(r -> HEARTBEAT.<Long>run(r, new String[] {keys.instance(entry.instanceId()), keys.instanceIndex()},
                args));
    }

    @Override
    public List<Entry> live() {
        List<String> time = redis.call(r -> r.time());
        long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        redis.call(r -> r.zremrangebyscore(keys.instanceIndex(), Range.create(Double.NEGATIVE_INFINITY, (double) now)));
        List<String> ids = redis.call(r -> r.zrangebyscore(keys.instanceIndex(),
                Range.create((double) now, Double.POSITIVE_INFINITY)));
        List<Entry> entries = new ArrayList<>();
        for (String id : ids) {
            Map<String, String> h = redis.call(r -> r.hgetall(keys.instance(id)));
            if (h.isEmpty() || !h.containsKey("startedAt")) {
                continue; // expired between the two reads
            }
            entries.add(new Entry(id, Instant.ofEpochMilli(Long.parseLong(h.get("startedAt"))),
                    Instant.ofEpochMilli(Long.parseLong(h.get("seenAt"))), Integer.parseInt(h.get("connections")),
                    Integer.parseInt(h.get("topicConnections")), Integer.parseInt(h.get("sessionConnections")),
                    "1".equals(h.get("draining"))));
        }
        entries.sort(Comparator.comparing(Entry::startedAt).thenComparing(Entry::instanceId));
        return entries;
    }

    @Override
    public void remove(String instanceId) {
        redis.call(r -> r.del(keys.instance(instanceId)));
        redis.call(r -> r.zrem(keys.instanceIndex(), instanceId));
    }
}
