package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.SwitchRateLimiter;
import io.switchboard.domain.session.SessionId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * At most {@code perSecond} switches per session in each calendar second, counted across all instances: a counter
 * {@code rate:switch:<session>:<epoch second>} taken by a Lua script (check, INCR, PEXPIRE on first use) so that a
 * refused switch takes nothing. The window key lives a few seconds, then Redis drops it. When Redis is down the
 * limiter fails like the session store does (ServiceUnavailable), which a switch would hit next anyway.
 */
final class RedisSwitchRateLimiter implements SwitchRateLimiter {
    /** Long enough to outlast the window under clock skew between instances, short enough to cost nothing. */
    private static final long WINDOW_KEY_LIFETIME_MS = 5_000;

    private static final LuaScript TAKE = new LuaScript("""
            -- KEYS: window counter; ARGV: limit, lifetime of the window key in ms
            local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
            if taken >= tonumber(ARGV[1]) then return 0 end
            redis.call('INCR', KEYS[1])
            if taken == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final String perSecond;

    RedisSwitchRateLimiter(RedisConnection redis, RedisKeys keys, int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("at least one switch per second");
        }
        this.redis = redis;
        this.keys = keys;
        this.perSecond = Integer.toString(perSecond);
    }

    @Override
    public Optional<Duration> tryAcquire(SessionId session, Instant now) {
        long nowMillis = now.toEpochMilli();
        long second = Math.floorDiv(nowMillis, 1000);
        String[] window = {keys.switchWindow(session, second)};
        long taken = redis.call(r -> TAKE.<Long>run(r, window, perSecond, Long.toString(WINDOW_KEY_LIFETIME_MS)));
        return taken == 1 ? Optional.empty() : Optional.of(Duration.ofMillis((second + 1) * 1000 - nowMillis));
    }
}
