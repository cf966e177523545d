package io.switchboard.domain.message;

import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message sent to a user (direct), to a channel, or both.
 *
 * @param version 1 when sent, one more on each edit: the order of its `message.updated` events (docs/decisions.md)
 */
public record Message(MessageId id, UserId senderId, String content, UserId recipientId, ChannelId channelId,
                      Instant createdAt, Instant updatedAt, long version) {
    public static final int CONTENT_MAX = 10_000;

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (recipientId == null && channelId == null) {
            throw new IllegalArgumentException("a message needs a recipient or a channel");
        }
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
    }

    /** A message at version 1 (as sent). */
    public Message(MessageId id, UserId senderId, String content, UserId recipientId, ChannelId channelId,
                   Instant createdAt, Instant updatedAt) {
        this(id, senderId, content, recipientId, channelId, createdAt, updatedAt, 1);
    }

    public Optional<UserId> recipient() {
        return Optional.ofNullable(recipientId);
    }

    public Optional<ChannelId> channel() {
        return Optional.ofNullable(channelId);
    }

    /** A user sees a message they sent, received, or that belongs to a channel; admins see all. */
    public boolean isVisibleTo(Caller caller) {
        return caller.isAdmin() || channelId != null || senderId.equals(caller.id()) || caller.id().equals(recipientId);
    }

    /** The edited message: the new content, updatedAt {@code now}, and the next version. */
    public Message withContent(String newContent, Instant now) {
        return new Message(id, senderId, newContent, recipientId, channelId, createdAt, now, version + 1);
    }

    /** Content is 1..10000 characters (counted as code points) and not only white space. */
    public static boolean isValidContent(String content) {
        if (content == null || content.isBlank()) {
            return false;
        }
        return content.codePointCount(0, content.length()) <= CONTENT_MAX;
    }
}
