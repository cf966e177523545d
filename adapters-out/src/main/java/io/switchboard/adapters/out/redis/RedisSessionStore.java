package io.switchboard.adapters.out.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.SessionStore;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SessionTransitions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions in Redis (docs/redis.md): a hash {@code session:<id>} with the JSON, the version, the owner and the
 * instant the session is to be removed ({@code idle}, epoch ms: the earlier of its TTL end, while not running, and
 * its maximum lifetime; empty when neither applies), plus two sorted sets, {@code sessions:deadlines} (score: when
 * the running clock runs out) and {@code sessions:idle} (score: the removal instant), and per owner a set {@code
 * sessions:owner:<ownerId>} of their session ids (the per-owner cap). Every write is one Lua script that checks the
 * stored version and writes the hash, both indexes and the owner's set, so they always agree and concurrent writers
 * on any instance cannot lose an update or overshoot the cap.
 *
 * <p>Removal follows the server {@link Clock}, like the in-memory store: a session whose {@code idle} instant has
 * passed is absent from every method at once, and only {@link #purgeIdle} takes it out (returning its last state so
 * the removal is announced). As a safety net, a session with a removal instant also gets a native Redis expiry a
 * minute later (others are PERSISTed), so nothing outlives its time for long even if no instance ever purges; an id
 * left in an owner's set by that expiry is pruned when the owner reaches the cap.
 */
final class RedisSessionStore implements SessionStore {
    /** How much later than the removal instant Redis's own expiry removes a session that nobody purged. */
    static final Duration NATIVE_EXPIRY_GRACE = Duration.ofMinutes(1);

    /** KEYS: session hash, deadline index, idle index. ARGV[1]: session id, ARGV[2]: now (epoch ms). */
    private static final String COMMON = """
            local function gone(idle)
              return idle and idle ~= '' and tonumber(ARGV[2]) >= tonumber(idle)
            end
            -- json, version, deadline ('' = none), idle until ('' = never), native expiry in ms (0 = none),
            -- and the write's own random token (ARGV[8]), by which a re-sent command recognises itself
            local function write(json, version, deadline, idle, expireMs)
              redis.call('HSET', KEYS[1], 'v', version, 'json', json, 'idle', idle, 'w', ARGV[8])
              if deadline ~= '' then redis.call('ZADD', KEYS[2], deadline, ARGV[1])
              else redis.call('ZREM', KEYS[2], ARGV[1]) end
              if idle ~= '' then redis.call('ZADD', KEYS[3], idle, ARGV[1])
              else redis.call('ZREM', KEYS[3], ARGV[1]) end
              if tonumber(expireMs) > 0 then redis.call('PEXPIRE', KEYS[1], expireMs)
              else redis.call('PERSIST', KEYS[1]) end
            end
            """;

    private static final LuaScript CREATE = new LuaScript(COMMON + """
            -- KEYS[4]: the owner's set. ARGV[3..8]: json, version, deadline, idle until, native expiry, write token;
            -- ARGV[9]: owner id, ARGV[10]: cap (0 = none), ARGV[11]: session key prefix, ARGV[12]: owner set prefix
            local current = redis.call('HMGET', KEYS[1], 'v', 'idle', 'w', 'owner')
            if current[1] and not gone(current[2]) then
              if current[3] == ARGV[8] then return 1 end -- this very create, re-sent
              return 0
            end
            local cap = tonumber(ARGV[10])
            if cap > 0 and redis.call('SCARD', KEYS[4]) >= cap then
              -- ids whose hash Redis's own expiry (the safety net) removed behind the scripts' back
              for _, id in ipairs(redis.call('SMEMBERS', KEYS[4])) do
                if redis.call('EXISTS', ARGV[11] .. id) == 0 then redis.call('SREM', KEYS[4], id) end
              end
              if redis.call('SCARD', KEYS[4]) >= cap then return -1 end
            end
            if current[1] and current[4] then
              redis.call('SREM', ARGV[12] .. current[4], ARGV[1]) -- replaces a removed one not yet purged
            end
            write(ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
            redis.call('HSET', KEYS[1], 'owner', ARGV[9])
            redis.call('SADD', KEYS[4], ARGV[1])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript COMPARE_AND_SET = new LuaScript(COMMON + """
            -- ARGV[3..9]: json, version, deadline, idle until, native expiry, write token, expected version
            local current = redis.call('HMGET', KEYS[1], 'v', 'idle', 'w')
            if not current[1] then return 0 end
            if gone(current[2]) then return 0 end -- removed; purgeIdle takes it out and announces it
            -- This very write, re-sent after a reconnect. Matching on the token, not the content: two different
            -- writers can compute the very same next state (same operation in the same millisecond).
            if current[1] == ARGV[4] and current[3] == ARGV[8] then return 1 end
            if current[1] ~= ARGV[9] then return 0 end
            write(ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript DELETE = new LuaScript(COMMON + """
            -- ARGV[3]: expected version, ARGV[4]: owner set prefix
            local current = redis.call('HMGET', KEYS[1], 'v', 'idle', 'owner')
            if not current[1] then return 0 end
            if gone(current[2]) then return 0 end -- removed; purgeIdle takes it out and announces it
            if current[1] ~= ARGV[3] then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            redis.call('ZREM', KEYS[3], ARGV[1])
            if current[3] then redis.call('SREM', ARGV[4] .. current[3], ARGV[1]) end
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript PURGE = new LuaScript("""
            -- KEYS: idle index, deadline index; ARGV: now (epoch ms), batch size, session key prefix, owner set prefix
            -- Returns the JSON of every session taken out; an instance that runs it concurrently gets the others.
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
            local removed = {}
            for _, id in ipairs(ids) do
              local key = ARGV[3] .. id
              local fields = redis.call('HMGET', key, 'idle', 'json', 'owner')
              local idle = fields[1]
              if not idle then
                redis.call('ZREM', KEYS[1], id)      -- already gone (Redis expired it)
                redis.call('ZREM', KEYS[2], id)
              elseif idle ~= '' and tonumber(idle) <= tonumber(ARGV[1]) then
                redis.call('DEL', key)
                redis.call('ZREM', KEYS[1], id)
                redis.call('ZREM', KEYS[2], id)
                if fields[3] then redis.call('SREM', ARGV[4] .. fields[3], id) end
                removed[#removed + 1] = fields[2]
              elseif idle ~= '' then
                redis.call('ZADD', KEYS[1], idle, id) -- never expected: repair the index entry
              else
                redis.call('ZREM', KEYS[1], id)
              end
            end
            return removed
            """, ScriptOutputType.MULTI);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxLifetime;
    private final int maxPerOwner;

    RedisSessionStore(RedisConnection redis, RedisKeys keys, Clock clock, Duration ttl, Duration maxLifetime,
                      int maxPerOwner) {
        this.redis = redis;
        this.keys = keys;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.maxPerOwner = maxPerOwner;
        if (ttl.isNegative() || maxLifetime.isNegative() || maxPerOwner < 0) {
            throw new IllegalArgumentException("ttl, lifetime and cap must not be negative");
        }
    }

    @Override
    public void create(SessionState state) {
        create(state, newWriteToken());
    }

    /** A create carrying its write token: the same token again is a re-sent command, not a second create. */
    void create(SessionState state, String writeToken) {
        Instant now = clock.now();
        String[] createKeys = {keys.session(state.sessionId()), keys.sessionDeadlines(), keys.sessionIdle(),
                keys.sessionsOf(state.ownerId())};
        String[] args = writeArgs(state, now, writeToken, state.ownerId().toString(), Integer.toString(maxPerOwner),
                keys.sessionPrefix(), keys.sessionsOfPrefix());
        long result = redis.write(createKeys[0], r -> CREATE.<Long>run(r, createKeys, args));
        if (result == 0) {
            throw new Conflict("SESSION_EXISTS", "a session with this id exists");
        }
        if (result == -1) {
            throw new Conflict(SESSION_LIMIT_REACHED, "this owner already holds the most sessions allowed",
                    Map.of("limit", maxPerOwner));
        }
    }

    @Override
    public Optional<SessionState> get(SessionId id) {
        List<io.lettuce.core.KeyValue<String, String>> fields =
                redis.call(r -> r.hmget(keys.session(id), "json", "idle"));
        if (fields.isEmpty() || !fields.get(0).hasValue()) {
            return Optional.empty();
        }
        String idle = fields.get(1).getValueOrElse("");
        if (!idle.isEmpty() && clock.millis() >= Long.parseLong(idle)) {
            return Optional.empty(); // its time to live is over; purgeIdle (or Redis's expiry) deletes it
        }
        return Optional.of(StoredJson.session(fields.get(0).getValue()));
    }

    @Override
    public boolean compareAndSet(long expectedVersion, SessionState next) {
        return compareAndSet(expectedVersion, next, newWriteToken());
    }

    /** A compare-and-set carrying its write token: the same token again is a re-sent command. */
    boolean compareAndSet(long expectedVersion, SessionState next, String writeToken) {
        if (next.version() <= expectedVersion) {
            throw new IllegalArgumentException("a write moves the version forward");
        }
        Instant now = clock.now();
        String[] args = writeArgs(next, now, writeToken, Long.toString(expectedVersion));
        long result = redis.write(keys.session(next.sessionId()), r -> COMPARE_AND_SET.<Long>run(r, indexKeys(next.sessionId()), args));
        return result == 1;
    }

    @Override
    public boolean delete(SessionId id, long expectedVersion) {
        String[] args = {id.toString(), Long.toString(clock.millis()), Long.toString(expectedVersion),
                keys.sessionsOfPrefix()};
        long result = redis.write(keys.session(id), r -> DELETE.<Long>run(r, indexKeys(id), args));
        return result == 1;
    }

    @Override
    public List<SessionId> dueBy(Instant now, int limit) {
        if (limit < 1) {
            return List.of();
        }
        List<String> ids = redis.call(r -> r.zrangebyscore(keys.sessionDeadlines(),
                Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()), Limit.create(0, limit)));
        List<SessionId> due = new ArrayList<>(ids.size());
        for (String id : ids) {
            due.add(SessionId.parse(id));
        }
        return due;
    }

    @Override
    public Optional<Instant> nextDeadline() {
        List<ScoredValue<String>> first = redis.call(r -> r.zrangeWithScores(keys.sessionDeadlines(), 0, 0));
        return first.isEmpty() ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli((long) first.get(0).getScore()));
    }

    @Override
    public List<SessionState> purgeIdle(Instant now, int limit) {
        if (limit < 1) {
            return List.of();
        }
        String[] indexes = {keys.sessionIdle(), keys.sessionDeadlines()};
        String[] args = {Long.toString(now.toEpochMilli()), Integer.toString(limit), keys.sessionPrefix(),
                keys.sessionsOfPrefix()};
        List<Object> reply = redis.write(indexes[0], r -> PURGE.<List<Object>>run(r, indexes, args));
        List<SessionState> removed = new ArrayList<>(reply.size());
        for (Object json : reply) {
            removed.add(StoredJson.session((String) json));
        }
        return removed;
    }

    private String[] indexKeys(SessionId id) {
        return new String[] {keys.session(id), keys.sessionDeadlines(), keys.sessionIdle()};
    }

    private static String newWriteToken() {
        return UUID.randomUUID().toString();
    }

    private String[] writeArgs(SessionState state, Instant now, String writeToken, String... more) {
        String deadline = SessionTransitions.deadline(state).map(at -> Long.toString(at.toEpochMilli())).orElse("");
        String idle = "";
        long expireMs = 0;
        Instant removeAt = ttl.isZero() || state.isRunning() ? null : state.updatedAt().plus(ttl);
        if (!maxLifetime.isZero()) {
            Instant end = state.createdAt().plus(maxLifetime);
            removeAt = removeAt == null || end.isBefore(removeAt) ? end : removeAt;
        }
        if (removeAt != null) {
            idle = Long.toString(removeAt.toEpochMilli());
            expireMs = Math.max(0, removeAt.toEpochMilli() - now.toEpochMilli()) + NATIVE_EXPIRY_GRACE.toMillis();
        }
        String[] args = new String[8 + more.length];
        args[0] = state.sessionId().toString();
        args[1] = Long.toString(now.toEpochMilli());
        args[2] = StoredJson.session(state);
        args[3] = Long.toString(state.version());
        args[4] = deadline;
        args[5] = idle;
        args[6] = Long.toString(expireMs);
        args[7] = writeToken;
        System.arraycopy(more, 0, args, 8, more.length);
        return args;
    }
}
