package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Messages in Redis (docs/redis.md). Each message is a hash {@code message:<id>} (its JSON, its sequence number and
 * the fields it is indexed by); sorted sets scored by the sequence number (an INCR, so the order is the insertion
 * order and stable) index it: all messages, all channel messages, per channel, per recipient, and per user the
 * direct messages (no channel) they sent or received. A write changes the hash and every index in one Lua script.
 *
 * <p>Listing never scans messages. A non-admin's view without filters is {@code channels} plus
 * {@code direct:<viewer>}: two <em>disjoint</em> sets, so the total is the sum of two ZCARDs and a page is found by
 * a binary search on the score over two ZCOUNTs (O(log² n) plus the page), all inside one read-only script so the
 * total and the items come from one snapshot. The rarer filters that need an intersection (channel and recipient;
 * another user's received messages) intersect into temporary keys inside the script; the cost is bounded by the
 * smaller set, typically the recipient's.
 */
final class RedisMessageRepository implements MessageRepository {
    /** ARGV[1..6]: the index keys and key prefixes, in this order. */
    private static final String INDEXES = """
            local ALL, CHANNELS, CHANNEL, DIRECT, TO, SENT = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
            local function indexes(sender, recipient, channel)
              local keys = { ALL }
              if channel ~= '' then
                keys[#keys + 1] = CHANNELS
                keys[#keys + 1] = CHANNEL .. channel
                keys[#keys + 1] = SENT .. sender
              else
                keys[#keys + 1] = DIRECT .. sender
                if recipient ~= '' and recipient ~= sender then keys[#keys + 1] = DIRECT .. recipient end
              end
              if recipient ~= '' then keys[#keys + 1] = TO .. recipient end
              return keys
            end
            """;

    private static final LuaScript INSERT = new LuaScript(INDEXES + """
            -- KEYS: message hash, sequence; ARGV[7..]: id, json, sender, recipient or '', channel or ''
            local existing = redis.call('HMGET', KEYS[1], 'seq', 'json')
            if existing[1] then
              if existing[2] == ARGV[8] then return tonumber(existing[1]) end -- this very insert, re-sent
              return 0
            end
            local seq = redis.call('INCR', KEYS[2])
            for _, k in ipairs(indexes(ARGV[9], ARGV[10], ARGV[11])) do redis.call('ZADD', k, seq, ARGV[7]) end
            redis.call('HSET', KEYS[1], 'seq', seq, 'json', ARGV[8], 'sender', ARGV[9], 'recipient', ARGV[10],
                'channel', ARGV[11], 'v', ARGV[12])
            return seq
            """, ScriptOutputType.INTEGER);

    private static final LuaScript UPDATE = new LuaScript(INDEXES + """
            -- KEYS: message hash; ARGV[7..]: id, json, sender, recipient or '', channel or '', version
            local old = redis.call('HMGET', KEYS[1], 'seq', 'sender', 'recipient', 'channel', 'v', 'json')
            if not old[1] then return 0 end
            local stored = tonumber(old[5] or '1')
            if stored == tonumber(ARGV[12]) and old[6] == ARGV[8] then return 1 end -- this very update, re-sent
            if stored ~= tonumber(ARGV[12]) - 1 then return 0 end -- another edit came first
            for _, k in ipairs(indexes(old[2], old[3], old[4])) do redis.call('ZREM', k, ARGV[7]) end
            for _, k in ipairs(indexes(ARGV[9], ARGV[10], ARGV[11])) do redis.call('ZADD', k, old[1], ARGV[7]) end
            redis.call('HSET', KEYS[1], 'json', ARGV[8], 'sender', ARGV[9], 'recipient', ARGV[10], 'channel', ARGV[11],
                'v', ARGV[12])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final LuaScript DELETE = new LuaScript(INDEXES + """
            -- KEYS: message hash; ARGV[7]: id
            local old = redis.call('HMGET', KEYS[1], 'seq', 'sender', 'recipient', 'channel')
            if not old[1] then return 0 end
            for _, k in ipairs(indexes(old[2], old[3], old[4])) do redis.call('ZREM', k, ARGV[7]) end
            redis.call('DEL', KEYS[1])
            return 1
            """, ScriptOutputType.INTEGER);

    /**
     * {@code page(sets, offset, limit, messagePrefix)}: {total, json...} of the union of disjoint sorted sets, highest
     * score first. The member at rank {@code offset} has the highest score t with count(score >= t) > offset.
     */
    private static final String PAGE = """
            local function page(sets, offset, limit, messagePrefix)
              local total = 0
              for _, k in ipairs(sets) do total = total + redis.call('ZCARD', k) end
              local out = { total }
              if offset >= total then return out end
              if #sets == 1 then
                for _, id in ipairs(redis.call('ZREVRANGE', sets[1], offset, offset + limit - 1)) do
                  out[#out + 1] = redis.call('HGET', messagePrefix .. id, 'json')
                end
                return out
              end
              local function atLeast(score)
                local s, n = string.format('%.0f', score), 0
                for _, k in ipairs(sets) do n = n + redis.call('ZCOUNT', k, s, '+inf') end
                return n
              end
              local highest = 0
              for _, k in ipairs(sets) do
                local top = redis.call('ZREVRANGE', k, 0, 0, 'WITHSCORES')
                if top[2] and tonumber(top[2]) > highest then highest = tonumber(top[2]) end
              end
              local lo, hi = 0, highest + 1
              if offset == 0 then lo = highest end
              while hi - lo > 1 do
                local mid = math.floor((lo + hi) / 2)
                if atLeast(mid) > offset then lo = mid else hi = mid end
              end
              local from, runs, at = string.format('%.0f', lo), {}, {}
              for i, k in ipairs(sets) do
                runs[i] = redis.call('ZREVRANGEBYSCORE', k, from, '-inf', 'WITHSCORES', 'LIMIT', 0, limit)
                at[i] = 1
              end
              while #out - 1 < limit do
                local best, bestScore = nil, -1
                for i, run in ipairs(runs) do
                  if at[i] <= #run and tonumber(run[at[i] + 1]) > bestScore then
                    best, bestScore = i, tonumber(run[at[i] + 1])
                  end
                end
                if not best then break end
                out[#out + 1] = redis.call('HGET', messagePrefix .. runs[best][at[best]], 'json')
                at[best] = at[best] + 2
              end
              return out
            end
            """;

    private static final LuaScript LIST = new LuaScript(PAGE + """
            -- KEYS: disjoint sorted sets; ARGV: offset, limit, message key prefix
            return page(KEYS, tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])
            """, ScriptOutputType.MULTI);

    private static final LuaScript LIST_INTERSECTIONS = new LuaScript(PAGE + """
            -- KEYS: triples (temporary key, set, set) whose intersections are disjoint; ARGV: offset, limit, prefix
            local temporaries = {}
            for i = 1, #KEYS, 3 do
              redis.call('ZINTERSTORE', KEYS[i], 2, KEYS[i + 1], KEYS[i + 2], 'AGGREGATE', 'MAX')
              temporaries[#temporaries + 1] = KEYS[i]
            end
            local out = page(temporaries, tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])
            redis.call('DEL', unpack(temporaries))
            return out
            """, ScriptOutputType.MULTI);

    /**
     * The unfiltered listing of a non-admin with hidden channels: (channel messages minus the hidden channels'
     * messages) plus the viewer's direct messages plus the viewer's own messages in hidden channels. Counts are
     * signed sums of ZCARD/ZCOUNT (a hidden channel's set is a subset of the channel messages, and the viewer's own
     * messages there are re-added through a temporary intersection), so the total and the binary search for the
     * page's first score never scan messages; the walk then skips the hidden channels' messages it meets in the
     * channel-message set, reading each one's channel field.
     */
    private static final LuaScript LIST_HIDING = new LuaScript("""
            -- KEYS[1] channel messages, KEYS[2] the viewer's direct messages, KEYS[3] the channel messages the viewer
            -- sent, then per hidden channel its message set and a temporary key
            -- ARGV: offset, limit, message key prefix, then the hidden channel ids (in the order of their KEYS pairs)
            local offset, limit, prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
            local hidden, plus, minus, temporaries = {}, { KEYS[1], KEYS[2] }, {}, {}
            for i = 4, #KEYS, 2 do
              hidden[ARGV[4 + (i - 4) / 2]] = true
              if redis.call('ZCARD', KEYS[i]) > 0 then
                minus[#minus + 1] = KEYS[i]
                temporaries[#temporaries + 1] = KEYS[i + 1]
                if redis.call('ZINTERSTORE', KEYS[i + 1], 2, KEYS[i], KEYS[3], 'AGGREGATE', 'MAX') > 0 then
                  plus[#plus + 1] = KEYS[i + 1]
                end
              end
            end
            local function atLeast(score)
              local n = 0
              for _, k in ipairs(plus) do n = n + redis.call('ZCOUNT', k, score, '+inf') end
              for _, k in ipairs(minus) do n = n - redis.call('ZCOUNT', k, score, '+inf') end
              return n
            end
            local total = atLeast('-inf')
            local out = { total }
            if offset < total then
              local highest = 0
              for _, k in ipairs(plus) do
                local top = redis.call('ZREVRANGE', k, 0, 0, 'WITHSCORES')
                if top[2] and tonumber(top[2]) > highest then highest = tonumber(top[2]) end
              end
              local lo, hi = 0, highest + 1
              while hi - lo > 1 do
                local mid = math.floor((lo + hi) / 2)
                if atLeast(string.format('%.0f', mid)) > offset then lo = mid else hi = mid end
              end
              local runs, at, full = {}, {}, {}
              local function fetch(i, max)
                runs[i] = redis.call('ZREVRANGEBYSCORE', plus[i], max, '-inf', 'WITHSCORES', 'LIMIT', 0, limit)
                at[i] = 1
                full[i] = #runs[i] == 2 * limit
              end
              for i = 1, #plus do fetch(i, string.format('%.0f', lo)) end
              while #out - 1 < limit do
                local best, bestScore = nil, -1
                for i = 1, #plus do
                  if at[i] > #runs[i] and full[i] then fetch(i, '(' .. runs[i][#runs[i]]) end
                  if at[i] <= #runs[i] and tonumber(runs[i][at[i] + 1]) > bestScore then
                    best, bestScore = i, tonumber(runs[i][at[i] + 1])
                  end
                end
                if not best then break end
                local id = runs[best][at[best]]
                at[best] = at[best] + 2
                if best ~= 1 or not hidden[redis.call('HGET', prefix .. id, 'channel') or ''] then
                  out[#out + 1] = redis.call('HGET', prefix .. id, 'json')
                end
              end
            end
            for _, k in ipairs(temporaries) do redis.call('DEL', k) end -- one by one: unpack has a size limit
            return out
            """, ScriptOutputType.MULTI);

    private final RedisConnection redis;
    private final RedisKeys keys;

    RedisMessageRepository(RedisConnection redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void insert(Message message) {
        long seq = redis.write(keys.message(message.id()), r -> INSERT.<Long>run(r,
                new String[] {keys.message(message.id()), keys.messageSequence()}, writeArgs(message)));
        if (seq == 0) {
            throw new IllegalStateException("duplicate message id " + message.id());
        }
    }

    @Override
    public boolean update(Message message) {
        long result = redis.write(keys.message(message.id()), r -> UPDATE.<Long>run(r, new String[] {keys.message(message.id())},
                writeArgs(message)));
        return result == 1;
    }

    @Override
    public Optional<Message> findById(MessageId id) {
        String json = redis.call(r -> r.hget(keys.message(id), "json"));
        return Optional.ofNullable(json).map(StoredJson::message);
    }

    @Override
    public boolean delete(MessageId id) {
        String[] args = indexArgs(id.toString());
        long result = redis.write(keys.message(id), r -> DELETE.<Long>run(r, new String[] {keys.message(id)}, args));
        return result == 1;
    }

    /** One message at a time through the delete script (each keeps every index right), in batches of ids. */
    @Override
    public long deleteChannel(ChannelId channel) {
        long removed = 0;
        while (true) {
            List<String> batch = redis.call(r -> r.zrange(keys.channel(channel), 0, 199));
            if (batch.isEmpty()) {
                return removed;
            }
            for (String id : batch) {
                if (delete(MessageId.parse(id))) {
                    removed++;
                } else {
                    redis.call(r -> r.zrem(keys.channel(channel), id)); // an index entry without its message
                }
            }
        }
    }

    @Override
    public Page<Message> list(Caller viewer, ChannelId channel, UserId recipient, Set<ChannelId> hidden,
                              PageRequest page) {
        String[] args = {Long.toString(page.offset()), Integer.toString(page.limit()), keys.messagePrefix()};
        List<Object> reply;
        if (channel == null && recipient == null && !viewer.isAdmin() && !hidden.isEmpty()) {
            List<String> hidingKeys = new ArrayList<>(List.of(keys.channelMessages(), keys.directOf(viewer.id()),
                    keys.channelMessagesSentBy(viewer.id())));
            List<String> hidingArgs = new ArrayList<>(List.of(args));
            for (ChannelId id : hidden) {
                hidingKeys.add(keys.channel(id));
                hidingKeys.add(keys.temporary());
                hidingArgs.add(id.value());
            }
            reply = redis.call(r -> LIST_HIDING.run(r, hidingKeys.toArray(String[]::new),
                    hidingArgs.toArray(String[]::new)));
        } else if (channel != null && recipient != null) {
            // channel messages are visible to all: the channel's messages addressed to the recipient
            String[] sets = {keys.temporary(), keys.channel(channel), keys.receivedBy(recipient)};
            reply = redis.call(r -> LIST_INTERSECTIONS.run(r, sets, args));
        } else if (channel != null) {
            reply = redis.call(r -> LIST.run(r, new String[] {keys.channel(channel)}, args));
        } else if (recipient != null && (viewer.isAdmin() || viewer.id().equals(recipient))) {
            reply = redis.call(r -> LIST.run(r, new String[] {keys.receivedBy(recipient)}, args));
        } else if (recipient != null) {
            // another user's received messages: those in a channel, and the direct ones the viewer sent them
            String[] sets = {keys.temporary(), keys.receivedBy(recipient), keys.channelMessages(),
                    keys.temporary(), keys.receivedBy(recipient), keys.directOf(viewer.id())};
            reply = redis.call(r -> LIST_INTERSECTIONS.run(r, sets, args));
        } else if (viewer.isAdmin()) {
            reply = redis.call(r -> LIST.run(r, new String[] {keys.allMessages()}, args));
        } else {
            String[] sets = {keys.channelMessages(), keys.directOf(viewer.id())};
            reply = redis.call(r -> LIST.run(r, sets, args));
        }
        long total = (Long) reply.get(0);
        List<Message> items = new ArrayList<>(reply.size() - 1);
        for (Object json : reply.subList(1, reply.size())) {
            if (json != null) {
                items.add(StoredJson.message((String) json));
            }
        }
        return new Page<>(items, page.page(), page.limit(), total);
    }

    private String[] writeArgs(Message m) {
        return indexArgs(m.id().toString(), StoredJson.message(m), m.senderId().toString(),
                m.recipientId() == null ? "" : m.recipientId().toString(),
                m.channelId() == null ? "" : m.channelId().value(), Long.toString(m.version()));
    }

    private String[] indexArgs(String... more) {
        String[] args = new String[6 + more.length];
        args[0] = keys.allMessages();
        args[1] = keys.channelMessages();
        args[2] = keys.channelPrefix();
        args[3] = keys.directPrefix();
        args[4] = keys.receivedByPrefix();
        args[5] = keys.channelMessagesSentByPrefix();
        System.arraycopy(more, 0, args, 6, more.length);
        return args;
    }
}
