package io.switchboard.adapters.out.redis;

import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.UserId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.CRC32;

/** Every Redis key the stores use, under REDIS_KEY_PREFIX. The schema is documented in docs/redis.md. */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    String prefix() {
        return prefix;
    }

    // Redis Cluster: every key carries a hash tag ({...}) so that each script and multi-key command touches one slot
    // (docs/redis.md, "Key layout"). The prefix must not contain '{' (Config refuses it).

    // users: the user's hash is tagged by user, the e-mail index entry by e-mail (two slots; RedisUserRepository's
    // claim / write / release order keeps them right)
    String user(UserId id) {
        return prefix + "{u:" + id + "}:user";
    }

    String userEmail(Email email) {
        return prefix + "{e:" + email.value() + "}:user-email";
    }

    // idempotency keys of the server API: one key per entry (the scope's length first, so no scope can end where
    // another begins); single-key commands only, tagged by scope
    String idempotency(String scope, String key) {
        return prefix + "{i:" + scope.length() + ":" + scope + "}:idem:" + key;
    }

    // messages
    // messages: one tag for every message key ({m}), because the paging scripts combine indexes of several users
    // and channels; all messages live in one slot (one shard): the cost is in docs/redis.md
    private String messages() {
        return prefix + "{m}:";
    }

    String message(MessageId id) {
        return messagePrefix() + id;
    }

    String messagePrefix() {
        return messages() + "message:";
    }

    String messageSequence() {
        return messages() + "messages:seq";
    }

    String allMessages() {
        return messages() + "messages:all";
    }

    String channelMessages() {
        return messages() + "messages:channels";
    }

    String channel(ChannelId channel) {
        return channelPrefix() + channel.value();
    }

    String channelPrefix() {
        return messages() + "messages:channel:";
    }

    String receivedBy(UserId user) {
        return receivedByPrefix() + user;
    }

    String receivedByPrefix() {
        return messages() + "messages:to:";
    }

    String directOf(UserId user) {
        return directPrefix() + user;
    }

    String directPrefix() {
        return messages() + "messages:direct:";
    }

    // the channel messages each user sent (polish: an unfiltered listing keeps the viewer's own messages in the
    // private channels they do not belong to)
    String channelMessagesSentBy(UserId user) {
        return channelMessagesSentByPrefix() + user;
    }

    String channelMessagesSentByPrefix() {
        return messages() + "messages:sent-in-channels:";
    }

    String temporary() {
        return messages() + "tmp:" + UUID.randomUUID();
    }

    // sessions: one tag for every session key ({s}), because the deadline and idle indexes span all sessions; all
    // sessions live in one slot (one shard): the cost is in docs/redis.md
    private String sessions() {
        return prefix + "{s}:";
    }

    String session(SessionId id) {
        return sessionPrefix() + id;
    }

    String sessionPrefix() {
        return sessions() + "session:";
    }

    String sessionDeadlines() {
        return sessions() + "sessions:deadlines";
    }

    String sessionIdle() {
        return sessions() + "sessions:idle";
    }

    /** The ids of the sessions {@code owner} holds (the per-owner cap). */
    String sessionsOf(UserId owner) {
        return sessionsOfPrefix() + owner;
    }

    String sessionsOfPrefix() {
        return sessions() + "sessions:owner:";
    }

    // refresh tokens: every key of a user carries the hash tag {u:<id>}, so each script touches one cluster slot
    String refreshToken(UserId user, String tokenHash) {
        return userTag(user) + "rt:" + tokenHash;
    }

    String refreshFamilyPrefix(UserId user) {
        return userTag(user) + "rtf:";
    }

    String refreshFamily(UserId user, UUID family) {
        return refreshFamilyPrefix(user) + family;
    }

    String refreshFamilies(UserId user) {
        return userTag(user) + "rtu";
    }

    private String userTag(UserId user) {
        return prefix + "{u:" + user + "}:";
    }

    // topics: every key about one topic (history, presence, ...) starts with the tag of the topic's partition, so
    // a script that touches them and publishes on the partition's channel stays on one Redis Cluster slot. The
    // partition is a pure function of the topic, here and nowhere else (docs/redis.md).
    static final int TOPIC_PARTITIONS = 256;

    String topicTag(String topic) {
        return partitionTag(topicPartition(topic));
    }

    /** The tag of partition {@code partition} (0 to {@value #TOPIC_PARTITIONS} - 1), as {@link #topicTag} uses it. */
    String partitionTag(int partition) {
        return prefix + "{t" + partition + "}:";
    }

    /**
     * The partition of a topic: CRC32 of its first {@value #PARTITION_SEGMENTS} segments (the whole topic when it has
     * fewer), modulo {@value #TOPIC_PARTITIONS}. Hashing a bounded prefix rather than the whole topic lets a
     * subscription pattern whose first {@value #PARTITION_SEGMENTS} segments are literal name its one partition
     * ({@link #patternPartition}); topics deeper than that share their ancestor's partition.
     */
    static int topicPartition(String topic) {
        return crcPartition(partitionKey(topic));
    }

    static final int PARTITION_SEGMENTS = 3;

    /**
     * The one partition every topic matching {@code pattern} is in, or -1 when the pattern's literal prefix does not
     * fix one (a wildcard within its first {@value #PARTITION_SEGMENTS} segments, or a {@code **} right after fewer).
     * Wildcards: {@code *} one segment, {@code **} any number (zero included).
     */
    static int patternPartition(String pattern) {
        String[] segments = pattern.split("\\.", -1);
        int literal = 0;
        while (literal < segments.length && !segments[literal].equals("*") && !segments[literal].equals("**")) {
            literal++;
        }
        if (literal == segments.length) {
            return topicPartition(pattern); // no wildcard: an exact topic
        }
        if (literal < PARTITION_SEGMENTS) {
            return -1;
        }
        return crcPartition(String.join(".", java.util.Arrays.copyOf(segments, PARTITION_SEGMENTS)));
    }

    private static String partitionKey(String topic) {
        int dot = -1;
        for (int i = 0; i < PARTITION_SEGMENTS; i++) {
            dot = topic.indexOf('.', dot + 1);
            if (dot < 0) {
                return topic;
            }
        }
        return topic.substring(0, dot);
    }

    private static int crcPartition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % TOPIC_PARTITIONS);
    }

    // history (issue 13, docs/history-and-recovery.md): a topic's stream and its metadata (epoch, top offset), and
    // the pattern-recovery index of the topic's partition, all under the partition's tag (one cluster slot)
    String historyStream(String topic) {
        return topicTag(topic) + "h:" + topic;
    }

    String historyMeta(String topic) {
        return topicTag(topic) + "hm:" + topic;
    }

    String historyIndex(String topic) {
        return historyIndexOfPartition(topicPartition(topic));
    }

    String historyIndexOfPartition(int partition) {
        return partitionTag(partition) + "hidx";
    }

    // declared channels (issue 12): every key of one channel carries the hash tag {c:<id>}, so each channel script
    // touches one cluster slot; the listing indexes are separate keys written by separate commands
    String channelTag(ChannelId id) {
        return prefix + "{c:" + id.value() + "}:";
    }

    String channelHash(ChannelId id) {
        return channelTag(id) + "ch";
    }

    String channelMembers(ChannelId id) {
        return channelTag(id) + "mem";
    }

    String channelMemberOrder(ChannelId id) {
        return channelTag(id) + "memz";
    }

    String channelsAll() {
        return prefix + "channels:all";
    }

    String channelsPublic() {
        return prefix + "channels:public";
    }

    String channelsOf(UserId user) {
        return userTag(user) + "chans";
    }

    // presence (issue 12): every key about one topic starts with topicTag(topic); the index of topics with entries
    // is one set per partition, under the same tag, so add/remove/sweep of a topic touch one cluster slot
    String presenceEntries(String topic) {
        return topicTag(topic) + "pres:" + topic;
    }

    String presenceExpiries(String topic) {
        return topicTag(topic) + "presx:" + topic;
    }

    String presenceCounts(String topic) {
        return topicTag(topic) + "presn:" + topic;
    }

    String presenceNames(String topic) {
        return topicTag(topic) + "presu:" + topic;
    }

    String presenceSince(String topic) {
        return topicTag(topic) + "prest:" + topic;
    }

    String presenceIndex(String topic) {
        return topicTag(topic) + "presidx";
    }

    /** When a user's last WebSocket closed (online status), hash-tagged by user. */
    String lastSeen(String userId) {
        return prefix + "{u:" + userId + "}:seen";
    }

    String presenceIndexOfPartition(int partition) {
        return partitionTag(partition) + "presidx";
    }

    // rate limits (single-key scripts, tagged by session)
    String switchWindow(SessionId id, long epochSecond) {
        return prefix + "{r:" + id + "}:rate:switch:" + epochSecond;
    }

    // WebSocket connections per user (hash-tagged by user, for a later Redis Cluster)
    String userConnections(UserId user) {
        return prefix + "{u:" + user + "}:ws";
    }

    // live instances (polish, GET /api/admin/instances): one hash per instance and an index, both under the tag
    // {instances}, so the heartbeat script touches one cluster slot
    String instanceTag() {
        return prefix + "{instances}:";
    }

    String instance(String instanceId) {
        return instanceTag() + "i:" + instanceId;
    }

    String instanceIndex() {
        return instanceTag() + "idx";
    }
}
