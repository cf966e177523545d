package io.switchboard.domain.channel;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;

/**
 * A declared channel (docs/rooms-and-presence.md): a channel id with an owner, members, and public or private
 * visibility. A channel id that was never declared stays an open channel and has no Channel.
 *
 * @param memberCount filled in by the repository when read; ignored when written
 */
public record Channel(ChannelId id, String name, String description, boolean isPrivate, UserId ownerId,
                      long memberCount, Instant createdAt, Instant updatedAt) {
    public static final int NAME_MAX = 100;
    public static final int DESCRIPTION_MAX = 1000;

    public Channel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        description = description == null ? "" : description;
    }

    /** Checks a name and a description (either may be null: not given). */
    public static void validate(Violations violations, String name, String description) {
        if (name != null) {
            violations.check(!name.isBlank() && name.length() <= NAME_MAX, "name",
                    "must be 1 to " + NAME_MAX + " characters");
        }
        if (description != null) {
            violations.check(description.length() <= DESCRIPTION_MAX, "description",
                    "must be at most " + DESCRIPTION_MAX + " characters");
        }
    }

    public Channel withMemberCount(long count) {
        return new Channel(id, name, description, isPrivate, ownerId, count, createdAt, updatedAt);
    }

    /** The channel passed to another owner (its owner's account was deleted). */
    public Channel withOwner(UserId newOwner, Instant now) {
        return new Channel(id, name, description, isPrivate, newOwner, memberCount, createdAt, now);
    }

    public Channel patched(String newName, Boolean newPrivate, String newDescription, Instant now) {
        return new Channel(id, newName == null ? name : newName, newDescription == null ? description : newDescription,
                newPrivate == null ? isPrivate : newPrivate, ownerId, memberCount, createdAt, now);
    }
}
