package io.switchboard.application.port.out;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Declared channels and their members (docs/rooms-and-presence.md). Channels read back carry their member count.
 * Listings are newest first (channels by creation, members by joining order, oldest first).
 */
public interface ChannelRepository {
    /** Stores a new channel with its owner as first member; false, changing nothing, when the id is taken. */
    boolean create(Channel channel, Member owner);

    Optional<Channel> find(ChannelId id);

    /** Replaces name, description, privacy and updatedAt; false when the channel no longer exists. */
    boolean update(Channel channel);

    /**
     * Removes the channel and its members.
     *
     * @return the members it had (empty when the channel did not exist)
     */
    Optional<List<UserId>> delete(ChannelId id);

    Optional<Member> member(ChannelId id, UserId user);

    /** Adds a member or replaces its role; keeps the first joinedAt. */
    PutResult putMember(ChannelId id, Member member);

    enum PutResult { ADDED, UPDATED, NO_CHANNEL }

    /** @return whether the user was a member */
    boolean removeMember(ChannelId id, UserId user);

    /** The members in joining order (oldest first). */
    Page<Member> members(ChannelId id, PageRequest page);

    /**
     * The channels {@code viewer} may see: public ones and private ones they belong to ({@code all}: every channel,
     * for admins); {@code onlyMine}: only those they belong to. Newest first.
     */
    Page<Channel> list(UserId viewer, boolean all, boolean onlyMine, PageRequest page);

    /** The ids of the channels {@code user} is a member of (any role). */
    Set<ChannelId> channelsOf(UserId user);

    /** The ids of the private channels {@code user} is not a member of (whose messages they may not read). */
    Set<ChannelId> privateChannelsWithout(UserId user);
}
