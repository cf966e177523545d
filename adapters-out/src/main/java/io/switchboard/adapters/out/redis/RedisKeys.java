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

    // users
    String user(UserId id) {
        return userPrefix() + id;
    }

    String userPrefix() {
        return prefix + "user:";
    }

    String userEmail(Email email) {
        return userEmailPrefix() + email.value();
    }

    String userEmailPrefix() {
        return prefix + "user-email:";
    }

    // idempotency keys of the server API: one key per entry (the scope's length first, so no scope can end where
    // another begins)
    String idempotency(String scope, String key) {
        return prefix + "idem:" + scope.length() + ":" + scope + ":" + key;
    }

    // messages
    String message(MessageId id) {
        return messagePrefix() + id;
    }

    String messagePrefix() {
        return prefix + "message:";
    }

    String messageSequence() {
        return prefix + "messages:seq";
    }

    String allMessages() {
        return prefix + "messages:all";
    }

    String channelMessages() {
        return prefix + "messages:channels";
    }

    String channel(ChannelId channel) {
        return channelPrefix() + channel.value();
    }

    String channelPrefix() {
        return prefix + "messages:channel:";
    }

    String receivedBy(UserId user) {
        return receivedByPrefix() + user;
    }

    String receivedByPrefix() {
        return prefix + "messages:to:";
    }

    String directOf(UserId user) {
        return directPrefix() + user;
    }

    String directPrefix() {
        return prefix + "messages:direct:";
    }

    // the channel messages each user sent (polish: an unfiltered listing keeps the viewer's own messages in the
    // private channels they do not belong to)
    String channelMessagesSentBy(UserId user) {
        return channelMessagesSentByPrefix() + user;
    }

    String channelMessagesSentByPrefix() {
        return prefix + "messages:sent-in-channels:";
    }

    String temporary() {
        return prefix + "tmp:" + UUID.randomUUID();
    }

    // sessions
    String session(SessionId id) {
        return sessionPrefix() + id;
    }

    String sessionPrefix() {
        return prefix + "session:";
    }

    String sessionDeadlines() {
        return prefix + "sessions:deadlines";
    }

    String sessionIdle() {
        return prefix + "sessions:idle";
    }

    /** The ids of the sessions {@code owner} holds (the per-owner cap). */
    String sessionsOf(UserId owner) {
        return sessionsOfPrefix() + owner;
    }

    String sessionsOfPrefix() {
        return prefix + "sessions:owner:";
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
        return prefix + "{t" + topicPartition(topic) + "}:";
    }

    static int topicPartition(String topic) {
        CRC32 crc = new CRC32();
        crc.update(topic.getBytes(StandardCharsets.UTF_8));
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
        return prefix + "{t" + partition + "}:hidx";
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
        return prefix + "{t" + partition + "}:presidx";
    }

    // rate limits
    String switchWindow(SessionId id, long epochSecond) {
        return prefix + "rate:switch:" + id + ":" + epochSecond;
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
