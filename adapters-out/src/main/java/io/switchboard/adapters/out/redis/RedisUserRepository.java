package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.util.List;
import java.util.Optional;

/**
 * Users in Redis (docs/redis.md): a hash {@code {u:<id>}:user} with the user's JSON, current e-mail and version, and
 * an index entry {@code {e:<email>}:user-email} holding {@code "<id> <claimed at ms>"}. The two carry different hash
 * tags (a Redis Cluster puts them in different slots: a lookup by e-mail cannot know the id), so no script touches
 * both; instead a write follows an order that keeps the index right, and reads and later writes repair what a crash
 * between two steps leaves behind:
 * <ol>
 *   <li><b>claim</b> the e-mail's index entry (a script on the entry): free, or already ours, is taken (with Redis's
 *       time); held by another user it is taken only when that claim is <em>stale</em>: its user does not exist or
 *       no longer has that e-mail, and the claim is older than {@link #CLAIM_LEASE_MS} (so a registration or e-mail
 *       change still between its two steps is never robbed); otherwise EMAIL_TAKEN;</li>
 *   <li><b>write the user</b> (a script on the user's hash: create-if-absent, or compare-and-set on the version), but
 *       only while our claim is younger than a third of the lease (checked with the same Redis time), so that no
 *       claim can have been taken over from us by then;</li>
 *   <li><b>release</b> the old e-mail's entry (an e-mail change or a delete), only if it still names this user.</li>
 * </ol>
 * The index is authoritative only together with the user: {@link #findByEmail} follows the entry and answers the
 * user only if the user still has that e-mail. A crash after step 1 or 2 leaves an entry that names a user without
 * that e-mail: invisible to lookups, and taken over by the next claim once its lease ran out (the repair).
 * On a single Redis the same steps run (same keys): one code path for both.
 */
final class RedisUserRepository implements UserRepository {
    /** How long a claim on an e-mail protects a registration or e-mail change in flight. */
    static final long CLAIM_LEASE_MS = 30_000;
    /** Step 2 refuses to write when the claim is older than this (a third of the lease: room for clock skew). */
    static final long CLAIM_USE_MS = CLAIM_LEASE_MS / 3;
    private static final int CLAIM_ATTEMPTS = 5;

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    private static final LuaScript CLAIM = new LuaScript(NOW + """
            -- KEYS: e-mail index entry; ARGV: id, the other claim this caller saw stale ('' = none)
            -- -> {'ok', now} or {'held', current value, its age in ms}
            local current = redis.call('GET', KEYS[1])
            if current then
              local owner, at = string.match(current, '^(%S+) (%d+)$')
              if owner ~= ARGV[1] and current ~= ARGV[2] then
                return {'held', current, tostring(now - tonumber(at or '0'))}
              end
            end
            redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. now)
            return {'ok', tostring(now)}
            """, ScriptOutputType.MULTI);

    private static final LuaScript RELEASE = new LuaScript("""
            -- KEYS: e-mail index entry; ARGV: id. Deletes the entry only if it names this user.
            local current = redis.call('GET', KEYS[1])
            if current and string.match(current, '^(%S+)') == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
            return 0
            """, ScriptOutputType.INTEGER);

    private static final LuaScript INSERT = new LuaScript(NOW + """
            -- KEYS: user hash; ARGV: e-mail, json, version, claimed at, max claim age
            local existing = redis.call('HGET', KEYS[1], 'json')
            if existing then
              if existing == ARGV[2] then return 1 end -- re-sent
              if redis.call('HGET', KEYS[1], 'email') == ARGV[1] then return 0 end
              return -1
            end
            if now - tonumber(ARGV[4]) > tonumber(ARGV[5]) then return -3 end
            redis.call('HSET', KEYS[1], 'email', ARGV[1], 'json', ARGV[2], 'version', ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript UPDATE = new LuaScript(NOW + """
            -- KEYS: user hash; ARGV: new e-mail, json, expected version, new version, claimed at ('' = no claim
            -- needed: same e-mail), max claim age -> {result, the e-mail stored before}
            local old = redis.call('HGET', KEYS[1], 'email')
            if not old then return {-1, ''} end
            local current = redis.call('HGET', KEYS[1], 'version') or '0' -- users stored before versions: 0
            if current ~= ARGV[3] then
              if current == ARGV[4] and redis.call('HGET', KEYS[1], 'json') == ARGV[2] then return {1, old} end
              return {-2, old}
            end
            if old ~= ARGV[1] and (ARGV[5] == '' or now - tonumber(ARGV[5]) > tonumber(ARGV[6])) then
              return {-3, old}
            end
            redis.call('HSET', KEYS[1], 'email', ARGV[1], 'json', ARGV[2], 'version', ARGV[4])
            return {1, old}
            """, ScriptOutputType.MULTI);

    private static final LuaScript DELETE = new LuaScript("""
            -- KEYS: user hash -> the e-mail it had, or false
            local email = redis.call('HGET', KEYS[1], 'email')
            if not email then return false end
            redis.call('DEL', KEYS[1])
            return email
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
        long claimedAt = claim(user.id(), user.email());
        String userKey = keys.user(user.id());
        long result = redis.write(userKey, r -> INSERT.<Long>run(r, new String[] {userKey},
                user.email().value(), json, Long.toString(user.version()), Long.toString(claimedAt),
                Long.toString(CLAIM_USE_MS)));
        if (result == -3) {
            release(user.id(), user.email());
            throw tooSlow();
        }
        if (result == 0) {
            throw emailTaken(); // this id already holds the e-mail with other content
        }
        if (result < 0) {
            throw new IllegalStateException("a user with id " + user.id() + " is already stored");
        }
    }

    @Override
    public Update update(User user, long expectedVersion) {
        UserRepository.requireNextVersion(user, expectedVersion);
        String json = StoredJson.user(user);
        String userKey = keys.user(user.id());
        List<String> stored = redis.call(r -> r.hmget(userKey, "email", "version", "json")).stream()
                .map(v -> v.getValueOrElse(null)).toList();
        if (stored.get(0) == null) {
            return Update.NOT_FOUND;
        }
        String storedVersion = stored.get(1) == null ? "0" : stored.get(1);
        if (!storedVersion.equals(Long.toString(expectedVersion))) {
            boolean resent = storedVersion.equals(Long.toString(user.version())) && json.equals(stored.get(2));
            return resent ? Update.UPDATED : Update.VERSION_CHANGED; // the version is checked first
        }
        boolean emailChanges = !stored.get(0).equals(user.email().value());
        String claimedAt = emailChanges ? Long.toString(claim(user.id(), user.email())) : "";
        List<Object> reply = redis.write(userKey, r -> UPDATE.<List<Object>>run(r, new String[] {userKey},
                user.email().value(), json, Long.toString(expectedVersion), Long.toString(user.version()),
                claimedAt, Long.toString(CLAIM_USE_MS)));
        long result = (Long) reply.get(0);
        String before = (String) reply.get(1);
        if (result == 1) {
            if (!before.equals(user.email().value())) {
                release(user.id(), new Email(before));
            }
            return Update.UPDATED;
        }
        if (emailChanges && !user.email().value().equals(before)) {
            release(user.id(), user.email()); // our claim, unused
        }
        if (result == -3) {
            throw tooSlow();
        }
        return result == -1 ? Update.NOT_FOUND : Update.VERSION_CHANGED;
    }

    @Override
    public Optional<User> findById(UserId id) {
        String json = redis.call(r -> r.hget(keys.user(id), "json"));
        return Optional.ofNullable(json).map(StoredJson::user);
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        String entry = redis.call(r -> r.get(keys.userEmail(email)));
        if (entry == null) {
            return Optional.empty();
        }
        UserId id = ownerOf(entry);
        List<String> fields = redis.call(r -> r.hmget(keys.user(id), "email", "json")).stream()
                .map(v -> v.getValueOrElse(null)).toList();
        if (!email.value().equals(fields.get(0)) || fields.get(1) == null) {
            return Optional.empty(); // an entry left by an interrupted write: not this user's e-mail (any more)
        }
        return Optional.of(StoredJson.user(fields.get(1)));
    }

    @Override
    public boolean delete(UserId id) {
        String userKey = keys.user(id);
        String email = redis.write(userKey, r -> DELETE.<String>run(r, new String[] {userKey}));
        if (email == null) {
            return false;
        }
        release(id, new Email(email));
        return true;
    }

    /**
     * Step 1: takes the index entry of {@code email} for {@code id}.
     *
     * @return Redis's time of the claim (ms)
     * @throws Conflict EMAIL_TAKEN when another user has the e-mail or is taking it now
     */
    private long claim(UserId id, Email email) {
        String entryKey = keys.userEmail(email);
        String staleSeen = "";
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            String seen = staleSeen;
            List<Object> reply = redis.write(entryKey, r -> CLAIM.<List<Object>>run(r, new String[] {entryKey},
                    id.toString(), seen));
            if ("ok".equals(reply.get(0))) {
                return Long.parseLong((String) reply.get(1));
            }
            String current = (String) reply.get(1);
            long ageMs = Long.parseLong((String) reply.get(2));
            UserId owner = ownerOf(current);
            String ownersEmail = redis.call(r -> r.hget(keys.user(owner), "email"));
            if (email.value().equals(ownersEmail) || ageMs < CLAIM_LEASE_MS) {
                throw emailTaken();
            }
            staleSeen = current; // stale: take it over, unless it changed meanwhile (then look again)
        }
        throw emailTaken();
    }

    /** Step 3: deletes the entry of {@code email} if it still names {@code id}; a failure leaves a stale entry. */
    private void release(UserId id, Email email) {
        String entryKey = keys.userEmail(email);
        try {
            redis.call(r -> RELEASE.<Long>run(r, new String[] {entryKey}, id.toString()));
        } catch (ServiceUnavailable e) {
            // the entry names a user without this e-mail: lookups ignore it, a claim takes it over after its lease
        }
    }

    private static UserId ownerOf(String entry) {
        int space = entry.indexOf(' ');
        return UserId.parse(space < 0 ? entry : entry.substring(0, space));
    }

    private static Conflict emailTaken() {
        return new Conflict("EMAIL_TAKEN", "that e-mail address is already registered");
    }

    private static ServiceUnavailable tooSlow() {
        return new ServiceUnavailable(RedisConnection.STORE_UNAVAILABLE,
                "the e-mail claim aged before the user was written; try again");
    }
}
