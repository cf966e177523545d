package io.switchboard.adapters.out.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.adapters.out.pubsub.Broker;
import io.switchboard.adapters.out.pubsub.IdentifiedHistory;
import io.switchboard.adapters.out.pubsub.PublicationCodec;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * History on Redis Streams (docs/history-and-recovery.md, docs/redis.md "History"). Per topic that keeps history:
 * a stream {@code {t<p>}:h:<topic>} whose entry ids are the offsets ({@code <offset>-0}; fields {@code id} (the
 * publication's unique id), {@code ts} (its timestamp, ms), {@code p} (the wire payload with offset and epoch)),
 * trimmed to HISTORY_SIZE and expiring HISTORY_TTL_SECONDS after the last publication; and a metadata hash
 * {@code {t<p>}:hm:<topic>} ({@code epoch}, {@code top}) that lives {@link #metadataTtl} (longer), so a client
 * quiet past the history TTL still learns "nothing missed" or "epoch changed". Per partition, an index stream
 * {@code {t<p>}:hidx} of pointers (topic, offset, epoch, ts) for pattern recovery, trimmed by age and count.
 *
 * <p>{@link #append} is the one step of section "Atomic": one Lua script assigns the offset (HINCRBY on the metadata;
 * a missing metadata hash means the stream was lost: a new epoch, and the orphaned stream is deleted), stores the
 * payload (XADD with the offset as id), adds the index pointer and sends the payload on the topic's channel with
 * the command of {@link RedisChannels#publishCommand()} (PUBLISH on one Redis; SPUBLISH on a cluster, where the
 * channel is the topic's partition channel, in the slot of the topic's keys). It touches only keys with the topic's
 * partition tag, so it runs on one cluster slot. A script that fails stores and sends nothing, so it consumes no
 * offset. With REDIS_WAIT_REPLICAS {@code n > 0}, the offset is acknowledged only once {@code n} replicas have the
 * script's writes (WAIT on the connection that ran it); otherwise the publication is retried (docs/decisions.md).
 */
final class RedisHistory implements IdentifiedHistory {
    /** Pointers an index stream keeps at most per partition (besides the age bound). */
    static final int INDEX_MAX = 10_000;
    /** Entries a retried script looks back through for its own earlier run. */
    static final int RETRY_LOOKBACK = 512;
    /** Tolerated skew between this server's clock and Redis's (index ids are Redis time). */
    static final long SKEW_MS = 5_000;

    static final LuaScript APPEND = new LuaScript("""
            local epoch = redis.call('HGET', KEYS[2], 'epoch')
            if not epoch then
              epoch = ARGV[11]
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0)
            elseif ARGV[8] == '1' then
              local recent = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[14])
              for _, entry in ipairs(recent) do
                local fields = entry[2]
                for i = 1, #fields, 2 do
                  if fields[i] == 'id' and fields[i + 1] == ARGV[7] then
                    return {tonumber(string.match(entry[1], '^(%d+)')), epoch, 1}
                  end
                end
              end
            end
            local offset = redis.call('HINCRBY', KEYS[2], 'top', 1)
            local payload = ARGV[2] .. offset .. '\\n' .. epoch .. '\\n' .. ARGV[3]
            redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[4], offset .. '-0', 'id', ARGV[7], 'ts', ARGV[9], 'p', payload)
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            redis.call('XADD', KEYS[3], 'MINID', '~', ARGV[15], '*', 't', ARGV[10], 'o', offset, 'e', epoch, 'ts', ARGV[9])
            redis.call('XTRIM', KEYS[3], 'MAXLEN', '~', ARGV[13])
            redis.call('PEXPIRE', KEYS[3], ARGV[5])
            redis.call(ARGV[12], ARGV[1], payload)
            return {offset, epoch, 0}
            """, ScriptOutputType.MULTI);

    /** The metadata (a new epoch when it is missing) and every entry the stream holds (at most HISTORY_SIZE). */
    static final LuaScript READ = new LuaScript("""
            local epoch = redis.call('HGET', KEYS[2], 'epoch')
            if not epoch then
              epoch = ARGV[1]
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[2], 'epoch', epoch, 'top', 0)
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
              return {epoch, 0, {}}
            end
            local top = tonumber(redis.call('HGET', KEYS[2], 'top'))
            return {epoch, top, redis.call('XRANGE', KEYS[1], '-', '+')}
            """, ScriptOutputType.MULTI);

    /** An index stream's pointers from ARGV[1] on, and the id of the newest pointer ever trimmed from it. */
    static final LuaScript READ_INDEX = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return {'0-0', {}} end
            local info = redis.call('XINFO', 'STREAM', KEYS[1])
            local deleted = '0-0'
            for i = 1, #info, 2 do
              if info[i] == 'max-deleted-entry-id' then deleted = info[i + 1] end
            end
            return {deleted, redis.call('XRANGE', KEYS[1], ARGV[1], '+')}
            """, ScriptOutputType.MULTI);

    private final RedisConnection connection;
    private final RedisKeys keys;
    private final HistorySettings settings;
    private final PublicationCodec codec;
    private final Clock clock;
    /** PUBLISH or SPUBLISH: the command of the pub/sub whose channel names the script is given. */
    private final String publishCommand;

    RedisHistory(RedisConnection connection, RedisKeys keys, HistorySettings settings, PublicationCodec codec,
                 Clock clock, RedisChannels channels) {
        this.connection = Objects.requireNonNull(connection);
        this.publishCommand = channels.publishCommand();
        this.keys = Objects.requireNonNull(keys);
        this.settings = Objects.requireNonNull(settings);
        this.codec = Objects.requireNonNull(codec);
        this.clock = Objects.requireNonNull(clock);
    }

    /** How long a topic's metadata outlives its last publication: ten history TTLs, at least a day. */
    Duration metadataTtl() {
        Duration tenTtls = settings.ttl().multipliedBy(10);
        return tenTtls.compareTo(Duration.ofDays(1)) > 0 ? tenTtls : Duration.ofDays(1);
    }

    /** Loads the scripts (after a connect: Redis may have restarted with an empty script cache). */
    void loadScripts(RedisClusterAsyncCommands<String, String> redis) {
        APPEND.loadAsync(redis);
    }

    // ---- write: one script on the broker's publishing connection ------------------------------------------

    /** Whether an append waits for REDIS_WAIT_REPLICAS replicas (then it must run on the master's own connection). */
    boolean waitsForReplicas() {
        return connection.waitReplicas() > 0;
    }

    /** The key whose slot the append script runs on (a cluster node connection is chosen by it). */
    String appendKey(Broker.Kept kept) {
        return keys.historyMeta(kept.topic());
    }

    /**
     * Runs the store-and-publish script on {@code redis} (on a cluster, a connection that routes it to the slot of
     * the topic's keys, or the node connection of that slot's master), then, with REDIS_WAIT_REPLICAS {@code n > 0},
     * {@code WAIT n timeout} on the same connection: the position is answered only once {@code n} replicas have it.
     */
    CompletableFuture<StreamPosition> append(RedisClusterAsyncCommands<String, String> redis, Broker.Kept kept,
                                             boolean retry) {
        String[] scriptKeys = {keys.historyStream(kept.topic()), keys.historyMeta(kept.topic()),
                keys.historyIndex(kept.topic())};
        String[] args = {kept.channel(), kept.head(), kept.tail(), Integer.toString(settings.size()),
                Long.toString(settings.ttl().toMillis()), Long.toString(metadataTtl().toMillis()), kept.id(),
                retry ? "1" : "0", Long.toString(kept.timestampMs()), kept.topic(), newEpoch(), publishCommand,
                Integer.toString(INDEX_MAX), Integer.toString(RETRY_LOOKBACK),
                Long.toString(Math.max(0, kept.timestampMs() - settings.ttl().toMillis() - SKEW_MS))};
        CompletableFuture<List<Object>> reply = APPEND.<List<Object>>runAsync(redis, scriptKeys, args);
        CompletableFuture<StreamPosition> placed = reply.thenApply(list ->
                new StreamPosition(((Number) list.get(0)).longValue(), text(list.get(1))));
        int replicas = connection.waitReplicas();
        if (replicas == 0) {
            return placed;
        }
        long timeoutMs = connection.waitTimeout().toMillis();
        return placed.thenCompose(position -> redis.waitForReplication(replicas, timeoutMs).toCompletableFuture()
                .thenApply(acknowledged -> {
                    if (acknowledged == null || acknowledged < replicas) {
                        // stored and sent on the master, not yet on enough replicas: the outbox retries, and the
                        // retried script finds its id and answers the same offset (then waits again)
                        throw new ServiceUnavailable(RedisConnection.STORE_UNAVAILABLE, "a history publication "
                                + "reached " + acknowledged + " of " + replicas + " Redis replicas in " + timeoutMs
                                + " ms");
                    }
                    return position;
                }));
    }

    // ---- read -----------------------------------------------------------------------------------------------

    @Override
    public Window read(Topic topic, long afterOffset, int limit) {
        return readIdentified(topic, afterOffset, limit).window();
    }

    @Override
    public Identified readIdentified(Topic topic, long afterOffset, int limit) {
        String name = topic.value();
        List<Object> reply = connection.call(r -> READ.<List<Object>>run(r,
                new String[] {keys.historyStream(name), keys.historyMeta(name)}, newEpoch(),
                Long.toString(metadataTtl().toMillis())));
        String epoch = text(reply.get(0));
        long top = ((Number) reply.get(1)).longValue();
        long oldestMs = clock.now().toEpochMilli() - settings.ttl().toMillis();
        long firstKept = top + 1;
        List<Publication> publications = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Object raw : (List<?>) reply.get(2)) {
            Entry entry = entry(raw);
            if (entry.timestampMs < oldestMs || !epoch.equals(entry.publication.position().epoch())) {
                continue; // older than HISTORY_TTL_SECONDS: no longer kept
            }
            firstKept = Math.min(firstKept, entry.offset);
            if (entry.offset > afterOffset && publications.size() < limit) {
                publications.add(entry.publication);
                ids.add(entry.id);
            }
        }
        return new Identified(new Window(epoch, top, firstKept, publications), ids);
    }

    @Override
    public PatternWindow readPattern(TopicPattern pattern, Instant since, Map<Topic, StreamPosition> positions,
                                     int limit, Predicate<Topic> readable) {
        long sinceMs = since.toEpochMilli();
        String reason = null;
        if (sinceMs < clock.now().toEpochMilli() - settings.ttl().toMillis()) {
            reason = "trimmed"; // an index or stream that expired could have held something after `since`
        }
        List<Publication> found = new ArrayList<>();
        // Listed topics: exactly after their position.
        for (Map.Entry<Topic, StreamPosition> listed : positions.entrySet()) {
            Topic topic = listed.getKey();
            if (!pattern.matches(topic) || !readable.test(topic) || !settings.keeps(topic)) {
                continue;
            }
            Window window = read(topic, listed.getValue().offset(), Integer.MAX_VALUE);
            if (!window.epoch().equals(listed.getValue().epoch())) {
                reason = reason == null ? "epoch_changed" : reason;
            } else if (!window.reachesBack(listed.getValue().offset())) {
                reason = reason == null ? "trimmed" : reason;
            }
            found.addAll(window.publications());
        }
        // Other topics: every partition's index from `since` on, filtered by pattern and rights.
        Map<String, TreeMap<Long, String>> pointers = new HashMap<>(); // topic -> offset -> epoch
        String from = Math.max(0, sinceMs - SKEW_MS) + "-0";
        for (int partition = 0; partition < RedisKeys.TOPIC_PARTITIONS; partition++) {
            String index = keys.historyIndexOfPartition(partition);
            List<Object> reply = connection.call(r -> READ_INDEX.<List<Object>>run(r, new String[] {index}, from));
            long deletedMs = Long.parseLong(text(reply.get(0)).split("-")[0]);
            if (deletedMs >= sinceMs - SKEW_MS && deletedMs > 0) {
                reason = reason == null ? "trimmed" : reason;
            }
            for (Object raw : (List<?>) reply.get(1)) {
                Map<String, String> fields = fields((List<?>) ((List<?>) raw).get(1));
                String name = fields.get("t");
                if (Long.parseLong(fields.get("ts")) <= sinceMs || !Topic.isValid(name)) {
                    continue;
                }
                Topic topic = Topic.parse(name);
                if (positions.containsKey(topic) || !pattern.matches(topic) || !readable.test(topic)) {
                    continue;
                }
                pointers.computeIfAbsent(name, t -> new TreeMap<>()).put(Long.parseLong(fields.get("o")),
                        fields.get("e"));
            }
        }
        for (Map.Entry<String, TreeMap<Long, String>> topicPointers : pointers.entrySet()) {
            Window window = read(Topic.parse(topicPointers.getKey()), topicPointers.getValue().firstKey() - 1,
                    Integer.MAX_VALUE);
            Map<Long, Publication> byOffset = new HashMap<>();
            for (Publication p : window.publications()) {
                byOffset.put(p.position().offset(), p);
            }
            for (Map.Entry<Long, String> pointer : topicPointers.getValue().entrySet()) {
                Publication p = byOffset.get(pointer.getKey());
                if (p == null || !p.position().epoch().equals(pointer.getValue())) {
                    reason = reason == null ? (window.epoch().equals(pointer.getValue()) ? "trimmed"
                            : "epoch_changed") : reason;
                } else {
                    found.add(p);
                }
            }
        }
        found.sort(Comparator.comparing(Publication::timestamp)
                .thenComparing(p -> p.topic().value()).thenComparingLong(p -> p.position().offset()));
        if (limit > 0 && found.size() > limit) {
            return new PatternWindow(false, "too_many", List.of());
        }
        return new PatternWindow(reason == null, reason, reason == null ? found : List.of());
    }

    private record Entry(long offset, long timestampMs, Publication publication, String id) {
    }

    private Entry entry(Object raw) {
        List<?> pair = (List<?>) raw;
        String id = text(pair.get(0));
        Map<String, String> fields = fields((List<?>) pair.get(1));
        Publication publication = codec.decode(fields.get("p")).publication();
        return new Entry(Long.parseLong(id.substring(0, id.indexOf('-'))), Long.parseLong(fields.get("ts")),
                publication, String.valueOf(fields.get("id")));
    }

    private static Map<String, String> fields(List<?> flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return fields;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
    }

    /** A fresh epoch: 12 random hex digits (used only when a topic's metadata is missing). */
    private static String newEpoch() {
        UUID random = UUID.randomUUID();
        return HexFormat.of().toHexDigits(random.getMostSignificantBits()).substring(0, 12);
    }
}
