package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.switchboard.application.port.out.PresenceStore;
import io.switchboard.application.presence.PresenceSnapshot;
import io.switchboard.application.presence.PresentUser;
import io.switchboard.domain.topic.Topic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Presence in Redis (docs/redis.md). Every key about one topic starts with the topic's partition tag
 * ({@link RedisKeys#topicTag}), so each script below touches one cluster slot:
 * {@code pres:<topic>} (hash: connection -> user), {@code presx:<topic>} (sorted set: connection by expiry, ms),
 * {@code presn:<topic>} (hash: user -> connection count), {@code presu:<topic>} (hash: user -> display name),
 * {@code prest:<topic>} (sorted set: user by presence start, ms) and, per partition, {@code presidx} (set: the topics
 * of the partition that have entries, so a sweep finds them). A script answers whether the user came or went, so
 * exactly one caller on one instance announces it.
 */
final class RedisPresenceStore implements PresenceStore {
    /** A user entering and leaving; KEYS: pres, presx, presn, presu, prest, presidx. */
    private static final String REMOVE_ONE = """
            local function removeOne(conn, topic)
              local user = redis.call('HGET', KEYS[1], conn)
              if not user then return nil end
              local before = redis.call('HLEN', KEYS[4])
              redis.call('HDEL', KEYS[1], conn)
              redis.call('ZREM', KEYS[2], conn)
              local n = redis.call('HINCRBY', KEYS[3], user, -1)
              if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[6], topic) end
              if n > 0 then return false end
              local name = redis.call('HGET', KEYS[4], user)
              local since = redis.call('ZSCORE', KEYS[5], user)
              redis.call('HDEL', KEYS[3], user)
              redis.call('HDEL', KEYS[4], user)
              redis.call('ZREM', KEYS[5], user)
              return { user, name, since, before }
            end
            """;

    private static final LuaScript ADD = new LuaScript("""
            -- ARGV: connection, user, name ('-' none, else '=' .. name), now ms, expiry ms, topic
            local had = redis.call('HGET', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
            if had then return { 0, redis.call('HLEN', KEYS[4]) } end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('SADD', KEYS[6], ARGV[6])
            if redis.call('HINCRBY', KEYS[3], ARGV[2], 1) > 1 then return { 0, redis.call('HLEN', KEYS[4]) } end
            redis.call('HSET', KEYS[4], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[5], ARGV[4], ARGV[2])
            return { 1, redis.call('HLEN', KEYS[4]) }
            """, ScriptOutputType.MULTI);

    private static final LuaScript REMOVE = new LuaScript(REMOVE_ONE + """
            -- ARGV: connection, topic; {} nothing, {0} still present, {1, user, name, since, before} left
            local left = removeOne(ARGV[1], ARGV[2])
            if left == nil then return {} end
            if left == false then return { 0 } end
            return { 1, left[1], left[2], left[3], left[4] }
            """, ScriptOutputType.MULTI);

    private static final LuaScript SWEEP = new LuaScript(REMOVE_ONE + """
            -- ARGV: now ms, max, topic; returns user, name, since, before for each user who left
            local out = {}
            local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            for _, conn in ipairs(expired) do
              local left = removeOne(conn, ARGV[3])
              if left == nil then redis.call('ZREM', KEYS[2], conn) end
              if left then
                for _, v in ipairs(left) do out[#out + 1] = v end
              end
            end
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[6], ARGV[3]) end
            out[#out + 1] = #expired
            return out
            """, ScriptOutputType.MULTI);

    private static final LuaScript LIST = new LuaScript("""
            -- KEYS: presu, prest; ARGV: limit; returns total, then user, name, since ...
            local out = { redis.call('HLEN', KEYS[1]) }
            local users = redis.call('ZREVRANGE', KEYS[2], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
            for i = 1, #users, 2 do
              out[#out + 1] = users[i]
              out[#out + 1] = redis.call('HGET', KEYS[1], users[i]) or '-'
              out[#out + 1] = users[i + 1]
            end
            return out
            """, ScriptOutputType.MULTI);

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisPresenceStore(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    private String[] topicKeys(String topic) {
        return new String[] {keys.presenceEntries(topic), keys.presenceExpiries(topic), keys.presenceCounts(topic),
                keys.presenceNames(topic), keys.presenceSince(topic), keys.presenceIndex(topic)};
    }

    @Override
    public Change add(Topic topic, String connection, String userId, String name, Instant now, Instant expiresAt) {
        List<Object> reply = redis.call(r -> ADD.<List<Object>>run(r, topicKeys(topic.value()), connection, userId,
                name == null ? "-" : "=" + name, Long.toString(now.toEpochMilli()),
                Long.toString(expiresAt.toEpochMilli()), topic.value()));
        boolean joined = (Long) reply.get(0) == 1;
        return new Change(joined, joined ? new PresentUser(userId, name, Instant.ofEpochMilli(now.toEpochMilli()))
                : null, (Long) reply.get(1));
    }

    @Override
    public Change remove(Topic topic, String connection) {
        List<Object> reply = redis.call(r -> REMOVE.<List<Object>>run(r, topicKeys(topic.value()), connection,
                topic.value()));
        if (reply.isEmpty() || (Long) reply.get(0) == 0) {
            return Change.NONE;
        }
        return new Change(true, user(reply, 1), (Long) reply.get(4));
    }

    @Override
    public void refresh(Topic topic, Collection<String> connections, Instant expiresAt) {
        if (connections.isEmpty()) {
            return;
        }
        double score = expiresAt.toEpochMilli();
        List<ScoredValue<String>> values = new ArrayList<>(connections.size());
        for (String connection : connections) {
            values.add(ScoredValue.just(score, connection));
        }
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] array = values.toArray(new ScoredValue[0]);
        redis.call(r -> r.zadd(keys.presenceExpiries(topic.value()), ZAddArgs.Builder.xx(), array));
    }

    /** Walks every partition's index of topics with entries; each topic is swept by one script. */
    @Override
    public List<Left> sweep(Instant now, int max) {
        List<Left> left = new ArrayList<>();
        int budget = max;
        for (int partition = 0; partition < RedisKeys.TOPIC_PARTITIONS && budget > 0; partition++) {
            int p = partition;
            for (String topic : redis.call(r -> r.smembers(keys.presenceIndexOfPartition(p)))) {
                if (budget <= 0) {
                    break;
                }
                int limit = budget;
                List<Object> reply = redis.call(r -> SWEEP.<List<Object>>run(r, topicKeys(topic),
                        Long.toString(now.toEpochMilli()), Integer.toString(limit), topic));
                budget -= ((Long) reply.get(reply.size() - 1)).intValue();
                Topic parsed = Topic.parse(topic);
                for (int i = 0; i + 4 <= reply.size() - 1; i += 4) {
                    left.add(new Left(parsed, user(reply, i), (Long) reply.get(i + 3)));
                }
            }
        }
        return left;
    }

    /** Kept 30 days after the last disconnect. */
    @Override
    public void markSeen(String userId, Instant at) {
        redis.call(r -> r.psetex(keys.lastSeen(userId), LAST_SEEN_TTL_MS, Long.toString(at.toEpochMilli())));
    }

    static final long LAST_SEEN_TTL_MS = 30L * 24 * 3600 * 1000;

    @Override
    public java.util.Optional<Instant> lastSeen(String userId) {
        String ms = redis.call(r -> r.get(keys.lastSeen(userId)));
        return ms == null ? java.util.Optional.empty() : java.util.Optional.of(Instant.ofEpochMilli(Long.parseLong(ms)));
    }

    @Override
    public PresenceSnapshot list(Topic topic, int limit) {
        List<Object> reply = redis.call(r -> LIST.<List<Object>>run(r,
                new String[] {keys.presenceNames(topic.value()), keys.presenceSince(topic.value())},
                Integer.toString(limit)));
        List<PresentUser> users = new ArrayList<>();
        for (int i = 1; i + 3 <= reply.size(); i += 3) {
            users.add(user(reply, i));
        }
        return new PresenceSnapshot(users, (Long) reply.get(0));
    }

    /** user, name ('-' or '=' + name), since (ms, as Redis writes a score) from {@code reply[at..at+2]}. */
    private static PresentUser user(List<Object> reply, int at) {
        String name = (String) reply.get(at + 1);
        long since = (long) Double.parseDouble((String) reply.get(at + 2));
        return new PresentUser((String) reply.get(at), name == null || name.startsWith("-") ? null : name.substring(1),
                Instant.ofEpochMilli(since));
    }
}
