package io.switchboard.domain.event;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;

import java.util.Objects;

/**
 * channel.created, channel.updated, channel.deleted (data: the channel), channel.member_added and
 * channel.member_removed (data: {channelId, member}; {@code member} is set only for these two).
 */
public record ChannelEvent(Kind kind, Channel channel, Member member) implements DomainEvent {
    public enum Kind {
        CREATED("channel.created"), UPDATED("channel.updated"), DELETED("channel.deleted"),
        MEMBER_ADDED("channel.member_added"), MEMBER_REMOVED("channel.member_removed");

        private final String type;

        Kind(String type) {
            this.type = type;
        }

        public boolean aboutMember() {
            return this == MEMBER_ADDED || this == MEMBER_REMOVED;
        }
    }

    public ChannelEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        if (kind.aboutMember() != (member != null)) {
            throw new IllegalArgumentException("a member event needs its member, and only a member event has one");
        }
    }

    @Override
    public String type() {
        return kind.type;
    }
}
