package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.RefreshTokenStore;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Refresh tokens in Redis (docs/redis.md), only as hashes. Every key of a user carries the hash tag {@code {u:<id>}}
 * (the token names its user, so the key of a presented token can be derived), so every script touches one slot:
 * <ul>
 *   <li>{@code <prefix>{u:<id>}:rt:<sha256>}: hash {@code fam} (family id), {@code spent} (0/1), {@code next} (the
 *       successor's hash once spent);</li>
 *   <li>{@code <prefix>{u:<id>}:rtf:<family>}: hash {@code exp} (epoch ms), {@code cv} (credential version at
 *       login), {@code revoked} ("" or the cause: logout, reuse, password_changed);</li>
 *   <li>{@code <prefix>{u:<id>}:rtu}: set of the user's family ids.</li>
 * </ul>
 * Each key expires {@link RefreshTokenStore#RETENTION} after its family (the user's set after its longest family).
 * Rotation is one script: check, spend and store the successor together, so of two concurrent rotations of one
 * token one wins and the other is reuse. A rotation Lettuce re-sends after a reconnect is recognised by the
 * recorded successor and answered as the first run was, so it never turns into a false reuse.
 */
final class RedisRefreshTokenStore implements RefreshTokenStore {
    private static final LuaScript CREATE = new LuaScript("""
            -- KEYS: token, family, user's families; ARGV: family id, cv, exp ms, key lifetime ms
            redis.call('HSET', KEYS[2], 'exp', ARGV[3], 'cv', ARGV[2], 'revoked', '')
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('HSET', KEYS[1], 'fam', ARGV[1], 'spent', '0')
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('SADD', KEYS[3], ARGV[1])
            if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript ROTATE = new LuaScript("""
            -- KEYS: presented token, next token
            -- ARGV: now ms, cv, family key prefix, retention ms, next hash
            local fam = redis.call('HGET', KEYS[1], 'fam')
            if not fam then return {'UNKNOWN'} end
            local famKey = ARGV[3] .. fam
            local f = redis.call('HMGET', famKey, 'exp', 'cv', 'revoked')
            if not f[1] then return {'UNKNOWN'} end
            local now = tonumber(ARGV[1])
            local exp = tonumber(f[1])
            if now >= exp + tonumber(ARGV[4]) then return {'UNKNOWN'} end
            if now >= exp then return {'EXPIRED', fam, f[1]} end
            local t = redis.call('HMGET', KEYS[1], 'spent', 'next')
            if t[1] == '1' then
              if t[2] == ARGV[5] and f[3] == '' then return {'ROTATED', fam, f[1]} end -- our own command, re-sent
              local cause = f[3]
              if cause == '' then
                cause = 'reuse'
                redis.call('HSET', famKey, 'revoked', cause)
              end
              return {'REUSED', fam, f[1], cause}
            end
            if f[3] ~= '' then return {'REVOKED', fam, f[1], f[3]} end
            if f[2] ~= ARGV[2] then
              redis.call('HSET', famKey, 'revoked', 'password_changed')
              return {'REVOKED', fam, f[1], 'password_changed'}
            end
            redis.call('HSET', KEYS[1], 'spent', '1', 'next', ARGV[5])
            redis.call('HSET', KEYS[2], 'fam', fam, 'spent', '0')
            redis.call('PEXPIRE', KEYS[2], exp - now + tonumber(ARGV[4]))
            return {'ROTATED', fam, f[1]}
            """, ScriptOutputType.MULTI);

    private static final LuaScript REVOKE_FAMILY = new LuaScript("""
            -- KEYS: token; ARGV: family key prefix, cause, now ms
            local fam = redis.call('HGET', KEYS[1], 'fam')
            if not fam then return 0 end
            local famKey = ARGV[1] .. fam
            local f = redis.call('HMGET', famKey, 'exp', 'revoked')
            if not f[1] or f[2] ~= '' or tonumber(f[1]) <= tonumber(ARGV[3]) then return 0 end
            redis.call('HSET', famKey, 'revoked', ARGV[2])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript REVOKE_ALL = new LuaScript("""
            -- KEYS: user's families; ARGV: family key prefix, cause, now ms
            local n = 0
            for _, fam in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local famKey = ARGV[1] .. fam
              local f = redis.call('HMGET', famKey, 'exp', 'revoked')
              if not f[1] then
                redis.call('SREM', KEYS[1], fam) -- forgotten family
              elseif f[2] == '' and tonumber(f[1]) > tonumber(ARGV[3]) then
                redis.call('HSET', famKey, 'revoked', ARGV[2])
                n = n + 1
              end
            end
            return n
            """, ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisRefreshTokenStore(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void create(NewFamily family) {
        long lifetime = family.expiresAt().toEpochMilli() - family.createdAt().toEpochMilli() + RETENTION.toMillis();
        redis.write(keys.refreshFamilies(family.user()), r -> CREATE.<Long>run(r,
                new String[] {keys.refreshToken(family.user(), family.tokenHash()),
                        keys.refreshFamily(family.user(), family.familyId()), keys.refreshFamilies(family.user())},
                family.familyId().toString(), Long.toString(family.credentialVersion()),
                Long.toString(family.expiresAt().toEpochMilli()), Long.toString(lifetime)));
    }

    @Override
    public Rotation rotate(UserId user, String presentedHash, String nextHash, long credentialVersion, Instant now) {
        List<Object> answer = redis.write(keys.refreshFamilies(user), r -> ROTATE.<List<Object>>run(r,
                new String[] {keys.refreshToken(user, presentedHash), keys.refreshToken(user, nextHash)},
                Long.toString(now.toEpochMilli()), Long.toString(credentialVersion), keys.refreshFamilyPrefix(user),
                Long.toString(RETENTION.toMillis()), nextHash));
        Outcome outcome = Outcome.valueOf((String) answer.get(0));
        if (outcome == Outcome.UNKNOWN) {
            return Rotation.of(outcome);
        }
        UUID family = UUID.fromString((String) answer.get(1));
        Instant expiresAt = Instant.ofEpochMilli(Long.parseLong((String) answer.get(2)));
        Cause cause = answer.size() > 3 ? Cause.fromWireName((String) answer.get(3)) : null;
        return new Rotation(outcome, family, expiresAt, cause);
    }

    @Override
    public boolean revokeFamily(UserId user, String tokenHash, Cause cause, Instant now) {
        long revoked = redis.write(keys.refreshFamilies(user), r -> REVOKE_FAMILY.<Long>run(r, new String[] {keys.refreshToken(user, tokenHash)},
                keys.refreshFamilyPrefix(user), cause.wireName(), Long.toString(now.toEpochMilli())));
        return revoked == 1;
    }

    @Override
    public int revokeAll(UserId user, Cause cause, Instant now) {
        long revoked = redis.write(keys.refreshFamilies(user), r -> REVOKE_ALL.<Long>run(r, new String[] {keys.refreshFamilies(user)},
                keys.refreshFamilyPrefix(user), cause.wireName(), Long.toString(now.toEpochMilli())));
        return (int) revoked;
    }
}
