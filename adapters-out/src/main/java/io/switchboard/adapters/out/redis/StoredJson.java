package io.switchboard.adapters.out.redis;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.channel.MemberRole;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.session.ActionOnTimeout;
import io.switchboard.domain.session.Participant;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.session.SyncMode;
import io.switchboard.domain.session.SyncStatus;
import io.switchboard.domain.user.Email;
import io.switchboard.domain.user.Role;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The JSON form of what the Redis stores keep, written field by field so that the stored format is explicit and
 * does not change when a domain record does. Instants are ISO-8601 strings (exact to the nanosecond), absent
 * optional values are JSON null, enums use their wire names.
 *
 * <p>Session metadata is a JSON tree; it is read back the way the REST adapter reads a request body (Jackson's
 * untyped mapping: an integer is an Integer when it fits, else a Long, else a BigInteger; a fraction is a Double),
 * so a tree that came in over HTTP comes back equal.
 */
final class StoredJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private StoredJson() {
    }

    // ---- users

    static String user(User u) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", u.id().toString());
        o.put("email", u.email().value());
        o.put("name", u.name());
        o.put("passwordHash", u.passwordHash());
        ArrayNode roles = o.putArray("roles");
        u.roles().stream().sorted().forEach(r -> roles.add(r.wireName()));
        o.put("createdAt", u.createdAt().toString());
        o.put("updatedAt", u.updatedAt().toString());
        o.put("emailAsRegistered", u.emailAsRegistered());
        o.put("credentialVersion", u.credentialVersion());
        o.put("version", u.version());
        return write(o);
    }

    static User user(String json) {
        JsonNode o = read(json);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonNode r : o.get("roles")) {
            roles.add(Role.fromWireName(r.asText()));
        }
        Instant createdAt = instant(o, "createdAt");
        Instant updatedAt = instant(o, "updatedAt");
        // Users stored before these fields: the e-mail counts as the registered one only if the account was never
        // updated (an earlier change of address cannot be told apart, and must not keep admin).
        boolean emailAsRegistered = o.hasNonNull("emailAsRegistered")
                ? o.get("emailAsRegistered").asBoolean()
                : createdAt.equals(updatedAt);
        return new User(new UserId(uuid(o, "id")), new Email(text(o, "email")), text(o, "name"),
                text(o, "passwordHash"), roles, createdAt, updatedAt, emailAsRegistered,
                o.path("credentialVersion").asLong(0), o.path("version").asLong(0));
    }

    // ---- messages

    static String message(Message m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", m.id().toString());
        o.put("senderId", m.senderId().toString());
        o.put("content", m.content());
        o.put("recipientId", m.recipientId() == null ? null : m.recipientId().toString());
        o.put("channelId", m.channelId() == null ? null : m.channelId().value());
        o.put("createdAt", m.createdAt().toString());
        o.put("updatedAt", m.updatedAt().toString());
        o.put("version", m.version());
        return write(o);
    }

    static Message message(String json) {
        JsonNode o = read(json);
        String recipient = optText(o, "recipientId");
        String channel = optText(o, "channelId");
        return new Message(new MessageId(uuid(o, "id")), new UserId(text(o, "senderId")), text(o, "content"),
                recipient == null ? null : new UserId(recipient),
                channel == null ? null : new ChannelId(channel), instant(o, "createdAt"), instant(o, "updatedAt"),
                o.path("version").asLong(1)); // stored before versions existed: 1
    }

    // ---- channels (the member count is not stored: it is the size of the members hash)

    static String channel(Channel c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", c.id().value());
        o.put("name", c.name());
        o.put("description", c.description());
        o.put("private", c.isPrivate());
        o.put("ownerId", c.ownerId().toString());
        o.put("createdAt", c.createdAt().toString());
        o.put("updatedAt", c.updatedAt().toString());
        return write(o);
    }

    static Channel channel(String json, long memberCount) {
        JsonNode o = read(json);
        return new Channel(new ChannelId(text(o, "id")), text(o, "name"), optText(o, "description"),
                o.path("private").asBoolean(false), new UserId(text(o, "ownerId")), memberCount,
                instant(o, "createdAt"), instant(o, "updatedAt"));
    }

    static String member(Member m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("userId", m.userId().toString());
        o.put("name", m.name());
        o.put("role", m.role().wire());
        o.put("joinedAt", m.joinedAt().toString());
        return write(o);
    }

    static Member member(String json) {
        JsonNode o = read(json);
        MemberRole role = MemberRole.fromWire(text(o, "role"))
                .orElseThrow(() -> new IllegalStateException("stored member has an unknown role"));
        return new Member(new UserId(text(o, "userId")), optText(o, "name"), role, instant(o, "joinedAt"));
    }

    // ---- sessions

    static String session(SessionState s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sessionId", s.sessionId().toString());
        o.put("ownerId", s.ownerId().toString());
        o.put("syncMode", s.syncMode().wireName());
        o.put("status", s.status().wireName());
        o.put("version", s.version());
        ArrayNode participants = o.putArray("participants");
        for (Participant p : s.participants()) {
            ObjectNode n = participants.addObject();
            n.put("participantId", p.participantId());
            n.put("index", p.index());
            n.put("remainingMs", p.remainingMs());
            n.put("usedMs", p.usedMs());
            n.put("cycleCount", p.cycleCount());
            n.put("hasExpired", p.hasExpired());
            n.put("groupId", p.groupId());
        }
        o.put("activeParticipantId", s.activeParticipantId());
        o.put("cycleStartedAt", instantText(s.cycleStartedAt()));
        o.put("sessionStartedAt", instantText(s.sessionStartedAt()));
        o.put("sessionCompletedAt", instantText(s.sessionCompletedAt()));
        o.put("totalTimeMs", s.totalTimeMs());
        o.put("timePerCycleMs", s.timePerCycleMs());
        o.put("incrementMs", s.incrementMs());
        o.put("maxTimeMs", s.maxTimeMs());
        o.put("actionOnTimeout", s.actionOnTimeout().wireName());
        o.set("metadata", MAPPER.valueToTree(s.metadata()));
        o.put("createdAt", s.createdAt().toString());
        o.put("updatedAt", s.updatedAt().toString());
        return write(o);
    }

    static SessionState session(String json) {
        JsonNode o = read(json);
        List<Participant> participants = new ArrayList<>();
        for (JsonNode n : o.get("participants")) {
            participants.add(new Participant(text(n, "participantId"), n.get("index").intValue(),
                    optLong(n, "remainingMs"), n.get("usedMs").longValue(), n.get("cycleCount").intValue(),
                    n.get("hasExpired").booleanValue(), optText(n, "groupId")));
        }
        return new SessionState(new SessionId(uuid(o, "sessionId")), new UserId(text(o, "ownerId")),
                SyncMode.parse(text(o, "syncMode")), SyncStatus.fromWireName(text(o, "status")),
                o.get("version").longValue(), participants, optText(o, "activeParticipantId"),
                optInstant(o, "cycleStartedAt"), optInstant(o, "sessionStartedAt"),
                optInstant(o, "sessionCompletedAt"), optLong(o, "totalTimeMs"), optLong(o, "timePerCycleMs"),
                o.get("incrementMs").longValue(), optLong(o, "maxTimeMs"),
                ActionOnTimeout.parse(text(o, "actionOnTimeout")), metadata(o.get("metadata")),
                instant(o, "createdAt"), instant(o, "updatedAt"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(node, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable session metadata in Redis", e);
        }
    }

    // ---- helpers

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a stored value", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in Redis", e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("stored JSON lacks " + field);
        }
        return v.textValue();
    }

    private static String optText(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.textValue();
    }

    private static Long optLong(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.longValue();
    }

    private static UUID uuid(JsonNode o, String field) {
        return UUID.fromString(text(o, field));
    }

    private static Instant instant(JsonNode o, String field) {
        return Instant.parse(text(o, field));
    }

    private static Instant optInstant(JsonNode o, String field) {
        String t = optText(o, field);
        return t == null ? null : Instant.parse(t);
    }

    private static String instantText(Instant at) {
        return at == null ? null : at.toString();
    }
}
