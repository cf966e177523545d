package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.util.Optional;

/**
 * Users in Redis (docs/redis.md): a hash {@code user:<id>} with the user's JSON, current e-mail and version, and an
 * index {@code user-email:<email>} holding the id. Every write is one Lua script that checks and changes the hash
 * and the index together, so two racing registrations (or e-mail changes) of one address cannot both win, and an
 * update is a compare-and-set on the version (two updates read from one version: the second is refused).
 */
final class RedisUserRepository implements UserRepository {
    private static final LuaScript INSERT = new LuaScript("""
            -- KEYS: user hash, e-mail index entry; ARGV: id, e-mail, json, version
            local owner = redis.call('GET', KEYS[2])
            if owner then
              if owner == ARGV[1] and redis.call('HGET', KEYS[1], 'json') == ARGV[3] then return 1 end -- re-sent
              return 0
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
            redis.call('SET', KEYS[2], ARGV[1])
            redis.call('HSET', KEYS[1], 'email', ARGV[2], 'json', ARGV[3], 'version', ARGV[4])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript UPDATE = new LuaScript("""
            -- KEYS: user hash, new e-mail's index entry
            -- ARGV: id, new e-mail, json, e-mail index key prefix, expected version, new version
            local old = redis.call('HGET', KEYS[1], 'email')
            if not old then return -1 end
            local current = redis.call('HGET', KEYS[1], 'version') or '0' -- users stored before versions: 0
            if current ~= ARGV[5] then
              if current == ARGV[6] and redis.call('HGET', KEYS[1], 'json') == ARGV[3] then return 1 end -- re-sent
              return -2
            end
            if old ~= ARGV[2] then
              local owner = redis.call('GET', KEYS[2])
              if owner and owner ~= ARGV[1] then return 0 end
              redis.call('SET', KEYS[2], ARGV[1])
              local oldKey = ARGV[4] .. old
              if redis.call('GET', oldKey) == ARGV[1] then redis.call('DEL', oldKey) end
            end
            redis.call('HSET', KEYS[1], 'email', ARGV[2], 'json', ARGV[3], 'version', ARGV[6])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript DELETE = new LuaScript("""
            -- KEYS: user hash; ARGV: id, e-mail index key prefix
            local email = redis.call('HGET', KEYS[1], 'email')
            if not email then return 0 end
            local emailKey = ARGV[2] .. email
            if redis.call('GET', emailKey) == ARGV[1] then redis.call('DEL', emailKey) end
            redis.call('DEL', KEYS[1])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript FIND_BY_EMAIL = new LuaScript("""
            -- KEYS: e-mail index entry; ARGV: user hash key prefix
            local id = redis.call('GET', KEYS[1])
            if not id then return false end
            return redis.call('HGET', ARGV[1] .. id, 'json')
            """, ScriptOutputType.VALUE);

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisUserRepository(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void insert(User user) {
        String json = StoredJson.user(user);
        long result = redis.call(r -> INSERT.<Long>run(r,
                new String[] {keys.user(user.id()), keys.userEmail(user.email())},
                user.id().toString(), user.email().value(), json, Long.toString(user.version())));
        if (result == 0) {
            throw emailTaken();
        }
        if (result < 0) {
            throw new IllegalStateException("a user with id " + user.id() + " is already stored");
        }
    }

    @Override
    public Update update(User user, long expectedVersion) {
        UserRepository.requireNextVersion(user, expectedVersion);
        String json = StoredJson.user(user);
        long result = redis.call(r -> UPDATE.<Long>run(r,
                new String[] {keys.user(user.id()), keys.userEmail(user.email())},
                user.id().toString(), user.email().value(), json, keys.userEmailPrefix(),
                Long.toString(expectedVersion), Long.toString(user.version())));
        if (result == 0) {
            throw emailTaken();
        }
        if (result == -1) {
            return Update.NOT_FOUND;
        }
        return result == -2 ? Update.VERSION_CHANGED : Update.UPDATED;
    }

    @Override
    public Optional<User> findById(UserId id) {
        String json = redis.call(r -> r.hget(keys.user(id), "json"));
        return Optional.ofNullable(json).map(StoredJson::user);
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        String json = redis.call(r -> FIND_BY_EMAIL.<String>run(r, new String[] {keys.userEmail(email)},
                keys.userPrefix()));
        return Optional.ofNullable(json).map(StoredJson::user);
    }

    @Override
    public boolean delete(UserId id) {
        long result = redis.call(r -> DELETE.<Long>run(r, new String[] {keys.user(id)},
                id.toString(), keys.userEmailPrefix()));
        return result == 1;
    }

    private static Conflict emailTaken() {
        return new Conflict("EMAIL_TAKEN", "that e-mail address is already registered");
    }
}
