package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Declared channels in Redis (docs/redis.md). A channel's own keys carry the hash tag {@code {c:<id>}}: the hash
 * {@code ch} (its JSON and the member sequence), the hash {@code mem} (user id -> member JSON) and the sorted set
 * {@code memz} (user id, scored by joining order). Every write of a channel is one script on those keys, so it
 * touches one cluster slot; every write goes through {@code RedisConnection.write} (REDIS_WAIT_REPLICAS). The listing indexes live elsewhere and are written by separate commands after the script:
 * {@code channels:all} (id by creation time), {@code channels:public} (ids of public channels) and per user
 * {@code {u:<id>}:chans} (the channels they belong to).
 */
final class RedisChannelRepository implements ChannelRepository {
    private static final LuaScript CREATE = new LuaScript("""
            -- KEYS: ch, mem, memz; ARGV: channel json, owner id, owner json
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'json', ARGV[1], 'mseq', 1)
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[3], 1, ARGV[2])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript FIND = new LuaScript("""
            -- KEYS: ch, mem
            local json = redis.call('HGET', KEYS[1], 'json')
            if not json then return {} end
            return { json, redis.call('HLEN', KEYS[2]) }
            """, ScriptOutputType.MULTI);

    private static final LuaScript UPDATE = new LuaScript("""
            -- KEYS: ch; ARGV: channel json
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'json', ARGV[1])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript DELETE = new LuaScript("""
            -- KEYS: ch, mem, memz; returns {} when absent, else {'ok', member ids...}
            if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
            local ids = redis.call('HKEYS', KEYS[2])
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            table.insert(ids, 1, 'ok')
            return ids
            """, ScriptOutputType.MULTI);

    private static final LuaScript PUT_MEMBER = new LuaScript("""
            -- KEYS: ch, mem, memz; ARGV: user id, member json; -1 no channel, 1 added, 0 updated
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            local existed = redis.call('HEXISTS', KEYS[2], ARGV[1])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            if existed == 1 then return 0 end
            redis.call('ZADD', KEYS[3], redis.call('HINCRBY', KEYS[1], 'mseq', 1), ARGV[1])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript REMOVE_MEMBER = new LuaScript("""
            -- KEYS: mem, memz; ARGV: user id
            redis.call('ZREM', KEYS[2], ARGV[1])
            return redis.call('HDEL', KEYS[1], ARGV[1])
            """, ScriptOutputType.INTEGER);

    private static final LuaScript MEMBERS = new LuaScript("""
            -- KEYS: mem, memz; ARGV: offset, limit; returns {total, json...} in joining order
            local out = { redis.call('ZCARD', KEYS[2]) }
            local ids = redis.call('ZRANGE', KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[1]) + tonumber(ARGV[2]) - 1)
            for _, id in ipairs(ids) do
              local json = redis.call('HGET', KEYS[1], id)
              if json then out[#out + 1] = json end
            end
            return out
            """, ScriptOutputType.MULTI);

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisChannelRepository(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    private String[] channelKeys(ChannelId id) {
        return new String[] {keys.channelHash(id), keys.channelMembers(id), keys.channelMemberOrder(id)};
    }

    @Override
    public boolean create(Channel channel, Member owner) {
        long created = redis.write(keys.channelHash(channel.id()), r -> CREATE.<Long>run(r, channelKeys(channel.id()), StoredJson.channel(channel),
                owner.userId().toString(), StoredJson.member(owner)));
        if (created != 1) {
            return false;
        }
        String id = channel.id().value();
        redis.write(keys.channelsAll(), r -> r.zadd(keys.channelsAll(), (double) channel.createdAt().toEpochMilli(), id));
        if (!channel.isPrivate()) {
            redis.write(keys.channelsPublic(), r -> r.sadd(keys.channelsPublic(), id));
        }
        redis.write(keys.channelsOf(owner.userId()), r -> r.sadd(keys.channelsOf(owner.userId()), id));
        return true;
    }

    @Override
    public Optional<Channel> find(ChannelId id) {
        List<Object> reply = redis.call(r -> FIND.<List<Object>>run(r,
                new String[] {keys.channelHash(id), keys.channelMembers(id)}));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StoredJson.channel((String) reply.get(0), (Long) reply.get(1)));
    }

    @Override
    public boolean update(Channel channel) {
        long updated = redis.write(keys.channelHash(channel.id()), r -> UPDATE.<Long>run(r, new String[] {keys.channelHash(channel.id())},
                StoredJson.channel(channel)));
        if (updated != 1) {
            return false;
        }
        String id = channel.id().value();
        if (channel.isPrivate()) {
            redis.write(keys.channelsPublic(), r -> r.srem(keys.channelsPublic(), id));
        } else {
            redis.write(keys.channelsPublic(), r -> r.sadd(keys.channelsPublic(), id));
        }
        return true;
    }

    @Override
    public Optional<List<UserId>> delete(ChannelId id) {
        List<Object> reply = redis.write(keys.channelHash(id), r -> DELETE.<List<Object>>run(r, channelKeys(id)));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        List<UserId> members = new ArrayList<>();
        for (Object member : reply.subList(1, reply.size())) {
            members.add(new UserId((String) member));
        }
        redis.write(keys.channelsAll(), r -> r.zrem(keys.channelsAll(), id.value()));
        redis.write(keys.channelsPublic(), r -> r.srem(keys.channelsPublic(), id.value()));
        for (UserId member : members) {
            redis.write(keys.channelsOf(member), r -> r.srem(keys.channelsOf(member), id.value()));
        }
        return Optional.of(members);
    }

    @Override
    public Optional<Member> member(ChannelId id, UserId user) {
        String json = redis.call(r -> r.hget(keys.channelMembers(id), user.toString()));
        return Optional.ofNullable(json).map(StoredJson::member);
    }

    @Override
    public PutResult putMember(ChannelId id, Member member) {
        long result = redis.write(keys.channelHash(id), r -> PUT_MEMBER.<Long>run(r, channelKeys(id), member.userId().toString(),
                StoredJson.member(member)));
        if (result < 0) {
            return PutResult.NO_CHANNEL;
        }
        redis.write(keys.channelsOf(member.userId()), r -> r.sadd(keys.channelsOf(member.userId()), id.value()));
        return result == 1 ? PutResult.ADDED : PutResult.UPDATED;
    }

    @Override
    public boolean removeMember(ChannelId id, UserId user) {
        long removed = redis.write(keys.channelMembers(id), r -> REMOVE_MEMBER.<Long>run(r,
                new String[] {keys.channelMembers(id), keys.channelMemberOrder(id)}, user.toString()));
        redis.write(keys.channelsOf(user), r -> r.srem(keys.channelsOf(user), id.value()));
        return removed == 1;
    }

    @Override
    public Page<Member> members(ChannelId id, PageRequest page) {
        List<Object> reply = redis.call(r -> MEMBERS.<List<Object>>run(r,
                new String[] {keys.channelMembers(id), keys.channelMemberOrder(id)},
                Long.toString(page.offset()), Integer.toString(page.limit())));
        List<Member> members = new ArrayList<>();
        for (Object json : reply.subList(1, reply.size())) {
            members.add(StoredJson.member((String) json));
        }
        return new Page<>(members, page.page(), page.limit(), (Long) reply.get(0));
    }

    /**
     * Reads the whole id index and filters it here: O(channels) per listing, fine for thousands of channels
     * (docs/redis.md says so); each channel of the page is then read with its member count.
     */
    @Override
    public Page<Channel> list(UserId viewer, boolean all, boolean onlyMine, PageRequest page) {
        List<String> ids = redis.call(r -> r.zrevrange(keys.channelsAll(), 0, -1));
        Set<String> mine = new HashSet<>(redis.call(r -> r.smembers(keys.channelsOf(viewer))));
        Set<String> open = onlyMine || all ? Set.of() : new HashSet<>(redis.call(r -> r.smembers(keys.channelsPublic())));
        List<String> visible = new ArrayList<>();
        for (String id : ids) {
            if (onlyMine ? mine.contains(id) : all || mine.contains(id) || open.contains(id)) {
                visible.add(id);
            }
        }
        int from = (int) Math.min(page.offset(), visible.size());
        int to = Math.min(from + page.limit(), visible.size());
        List<Channel> items = new ArrayList<>();
        for (String id : visible.subList(from, to)) {
            find(new ChannelId(id)).ifPresent(items::add);
        }
        return new Page<>(items, page.page(), page.limit(), visible.size());
    }

    /** The per-user index {@code {u:<id>}:chans}, written after each membership script. */
    @Override
    public Set<ChannelId> channelsOf(UserId user) {
        Set<ChannelId> ids = new HashSet<>();
        for (String id : redis.call(r -> r.smembers(keys.channelsOf(user)))) {
            ids.add(new ChannelId(id));
        }
        return ids;
    }

    /** All ids minus the public ones minus the user's: O(channels), like {@link #list}. */
    @Override
    public Set<ChannelId> privateChannelsWithout(UserId user) {
        Set<String> ids = new HashSet<>(redis.call(r -> r.zrange(keys.channelsAll(), 0, -1)));
        ids.removeAll(redis.call(r -> r.smembers(keys.channelsPublic())));
        ids.removeAll(redis.call(r -> r.smembers(keys.channelsOf(user))));
        Set<ChannelId> hidden = new HashSet<>();
        for (String id : ids) {
            hidden.add(new ChannelId(id));
        }
        return hidden;
    }
}
