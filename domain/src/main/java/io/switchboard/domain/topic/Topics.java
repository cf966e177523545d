package io.switchboard.domain.topic;

import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;

import java.util.Optional;

/** The topic names of docs/websocket.md, spelled in one place. */
public final class Topics {
    public static final String MESSAGES = "messages";
    public static final String CHANNEL = "channel";
    public static final String USER = "user";
    public static final String USERS = "users";
    public static final String SESSIONS = "sessions";
    public static final String PUBLIC = "public";
    public static final String CHANNELS = "channels";
    public static final String PRESENCE = "presence";

    private Topics() {
    }

    /** `messages.channel.{channelId}`: every message of a channel. */
    public static Topic channelMessages(ChannelId channel) {
        return Topic.of(MESSAGES, CHANNEL, channel.value());
    }

    /** `messages.user.{userId}`: the messages a user sends or receives. */
    public static Topic userMessages(UserId user) {
        return Topic.of(MESSAGES, USER, user.toString());
    }

    /** `users.{userId}`: changes to a user's public profile. */
    public static Topic user(UserId user) {
        return Topic.of(USERS, user.toString());
    }

    /** `sessions.{sessionId}`: the updates of one synchronised session. */
    public static Topic session(String sessionId) {
        return Topic.of(SESSIONS, sessionId);
    }

    /** `channels.{channelId}`: a declared channel's own events (created, updated, members). */
    public static Topic channel(ChannelId channel) {
        return Topic.of(CHANNELS, channel.value());
    }

    /** `presence.users.{userId}`: a user's online / offline events. */
    public static Topic userPresence(UserId user) {
        return Topic.of(PRESENCE, USERS, user.toString());
    }

    /**
     * The channel a topic belongs to for access checks: the segment of `messages.channel.{c}` or `channels.{c}`.
     * Cheap: two string comparisons for any other topic.
     */
    public static Optional<String> channelScopeOf(Topic topic) {
        if (topic.size() == 2 && topic.segment(0).equals(CHANNELS)) {
            return Optional.of(topic.segment(1));
        }
        return channelOf(topic);
    }

    /** Whether {@code text} can stand as one segment of a topic (1..64 characters of [A-Za-z0-9_:-]). */
    public static boolean isValidSegment(String text) {
        return text != null && !text.contains(".") && Topic.isValid(text);
    }

    /** The channel segment of `messages.channel.{c}`, if the topic has that shape (the segment is not checked further). */
    public static Optional<String> channelOf(Topic topic) {
        return thirdSegmentOf(topic, CHANNEL);
    }

    /** The user segment of `messages.user.{u}`, if the topic has that shape (the segment is not checked further). */
    public static Optional<String> directRecipientOf(Topic topic) {
        return thirdSegmentOf(topic, USER);
    }

    private static Optional<String> thirdSegmentOf(Topic topic, String kind) {
        boolean shaped = topic.size() == 3 && topic.segment(0).equals(MESSAGES) && topic.segment(1).equals(kind);
        return shaped ? Optional.of(topic.segment(2)) : Optional.empty();
    }
}
