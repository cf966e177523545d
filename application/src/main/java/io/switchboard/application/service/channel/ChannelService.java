package io.switchboard.application.service.channel;

import io.switchboard.application.port.in.channel.DeclareChannelUseCase;
import io.switchboard.application.port.in.channel.DeleteChannelUseCase;
import io.switchboard.application.port.in.channel.GetChannelUseCase;
import io.switchboard.application.port.in.channel.ListChannelsUseCase;
import io.switchboard.application.port.in.channel.ListMembersUseCase;
import io.switchboard.application.port.in.channel.PutMemberUseCase;
import io.switchboard.application.port.in.channel.RemoveMemberUseCase;
import io.switchboard.application.port.in.channel.RemoveUserFromChannelsUseCase;
import io.switchboard.application.port.in.channel.UpdateChannelUseCase;
import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.service.topic.ChannelAccess;
import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.channel.MemberRole;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.event.ChannelEvent;
import io.switchboard.domain.failure.Conflict;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.User;
import io.switchboard.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Declared channels and their members (docs/rooms-and-presence.md). Every change is stored first, then announced
 * on {@code channels.{c}} (and member changes on the member's {@code users.{id}}); the announcement is also what
 * invalidates {@link ChannelAccess} on every instance and ends revoked members' subscriptions.
 */
public final class ChannelService implements DeclareChannelUseCase, GetChannelUseCase, ListChannelsUseCase,
        UpdateChannelUseCase, DeleteChannelUseCase, ListMembersUseCase, PutMemberUseCase, RemoveMemberUseCase,
        RemoveUserFromChannelsUseCase {
    private final ChannelRepository channels;
    private final MessageRepository messages;
    private final UserRepository users;
    private final EventPublisher events;
    private final Clock clock;
    private final ChannelAccess access;

    public ChannelService(ChannelRepository channels, MessageRepository messages, UserRepository users,
                          EventPublisher events, Clock clock, ChannelAccess access) {
        this.channels = Objects.requireNonNull(channels);
        this.messages = Objects.requireNonNull(messages);
        this.users = Objects.requireNonNull(users);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.access = Objects.requireNonNull(access);
    }

    @Override
    public Channel declare(DeclareChannelUseCase.Command command) {
        Instant now = clock.now();
        Caller caller = command.caller();
        Channel channel = new Channel(command.id(), command.name(), command.description(), command.isPrivate(),
                caller.id(), 1, now, now);
        Member owner = new Member(caller.id(), displayName(caller), MemberRole.OWNER, now);
        if (!channels.create(channel, owner)) {
            throw new Conflict("CHANNEL_EXISTS", "a channel with this id is already declared");
        }
        access.invalidate(channel.id().value());
        events.publish(new ChannelEvent(ChannelEvent.Kind.CREATED, channel, null));
        return channel;
    }

    @Override
    public Channel get(Caller caller, ChannelId id) {
        return visible(caller, id);
    }

    @Override
    public Page<Channel> list(Caller caller, boolean onlyMine, PageRequest page) {
        return channels.list(caller.id(), caller.isAdmin() && !onlyMine, onlyMine, page);
    }

    @Override
    public Channel update(UpdateChannelUseCase.Command command) {
        Channel channel = visible(command.caller(), command.id());
        if (!command.caller().isSelfOrAdmin(channel.ownerId())) {
            throw new Forbidden("NOT_CHANNEL_OWNER", "only the owner or an admin may change a channel");
        }
        Channel patched = channel.patched(command.name(), command.isPrivate(), command.description(), clock.now());
        if (!channels.update(patched)) {
            throw channelNotFound();
        }
        access.invalidate(channel.id().value());
        events.publish(new ChannelEvent(ChannelEvent.Kind.UPDATED, patched, null));
        return patched;
    }

    @Override
    public void delete(Caller caller, ChannelId id) {
        Channel channel = visible(caller, id);
        if (!caller.isSelfOrAdmin(channel.ownerId())) {
            throw new Forbidden("NOT_CHANNEL_OWNER", "only the owner or an admin may delete a channel");
        }
        if (channels.delete(id).isEmpty()) {
            throw channelNotFound();
        }
        messages.deleteChannel(id);
        access.invalidate(id.value());
        events.publish(new ChannelEvent(ChannelEvent.Kind.DELETED, channel.withMemberCount(0), null));
    }

    @Override
    public Page<Member> members(Caller caller, ChannelId id, PageRequest page) {
        visible(caller, id);
        return channels.members(id, page);
    }

    @Override
    public Result put(PutMemberUseCase.Command command) {
        Caller caller = command.caller();
        Channel channel = visible(caller, command.id());
        boolean self = caller.id().equals(command.user());
        MemberRole callerRole = caller.isAdmin() ? MemberRole.OWNER
                : channels.member(channel.id(), caller.id()).map(Member::role).orElse(null);
        boolean manager = callerRole != null && callerRole.manages();
        if (!manager && !(self && !channel.isPrivate() && command.role() != MemberRole.MODERATOR)) {
            throw new Forbidden("NOT_CHANNEL_MODERATOR", channel.isPrivate()
                    ? "only the owner, a moderator or an admin may add members to a private channel"
                    : "only the owner, a moderator or an admin may add others or make moderators");
        }
        Optional<Member> existing = channels.member(channel.id(), command.user());
        if (existing.isPresent() && existing.get().role() == MemberRole.OWNER) {
            return new Result(existing.get(), false); // the owner's role does not change here
        }
        String name = self ? displayName(caller) : users.findById(command.user()).map(User::name)
                .orElseThrow(() -> new NotFound("USER_NOT_FOUND", "no such user"));
        MemberRole role = command.role() != null ? command.role()
                : existing.map(Member::role).orElse(MemberRole.MEMBER);
        Member member = existing.map(m -> m.withRole(role))
                .orElseGet(() -> new Member(command.user(), name, role, clock.now()));
        ChannelRepository.PutResult result = channels.putMember(channel.id(), member);
        if (result == ChannelRepository.PutResult.NO_CHANNEL) {
            throw channelNotFound();
        }
        boolean added = result == ChannelRepository.PutResult.ADDED;
        access.invalidate(channel.id().value());
        if (added) {
            events.publish(new ChannelEvent(ChannelEvent.Kind.MEMBER_ADDED,
                    channel.withMemberCount(channel.memberCount() + 1), member));
        }
        return new Result(member, added);
    }

    @Override
    public void remove(Caller caller, ChannelId id, UserId user) {
        Channel channel = visible(caller, id);
        boolean self = caller.id().equals(user);
        if (!self && !caller.isAdmin()) {
            boolean manager = channels.member(id, caller.id()).map(m -> m.role().manages()).orElse(false);
            if (!manager) {
                throw new Forbidden("NOT_CHANNEL_MODERATOR",
                        "only the owner, a moderator, an admin or the member themself may remove a member");
            }
        }
        Member member = channels.member(id, user)
                .orElseThrow(() -> new NotFound("MEMBER_NOT_FOUND", "no such member"));
        if (member.role() == MemberRole.OWNER) {
            throw new Forbidden("OWNER_CANNOT_LEAVE", "the owner cannot leave; transfer or delete the channel");
        }
        if (!channels.removeMember(id, user)) {
            throw new NotFound("MEMBER_NOT_FOUND", "no such member");
        }
        access.invalidate(id.value());
        events.publish(new ChannelEvent(ChannelEvent.Kind.MEMBER_REMOVED,
                channel.withMemberCount(Math.max(0, channel.memberCount() - 1)), member));
    }

    /**
     * Each channel of the deleted user: an ordinary member is removed (MEMBER_REMOVED, which also revokes their
     * subscriptions everywhere); an owner's channel first passes to the oldest moderator, else the oldest member
     * (UPDATED with the new {@code ownerId}), and is deleted with its messages (DELETED) when nobody else is left.
     */
    @Override
    public int removeFromAllChannels(UserId user) {
        int removed = 0;
        for (ChannelId id : channels.channelsOf(user)) {
            Optional<Channel> found = channels.find(id);
            Optional<Member> member = channels.member(id, user);
            if (found.isEmpty() || member.isEmpty()) {
                channels.removeMember(id, user); // a stale index entry
                continue;
            }
            Channel channel = found.get();
            if (member.get().role() == MemberRole.OWNER || channel.ownerId().equals(user)) {
                Optional<Member> successor = successor(id, user);
                if (successor.isEmpty()) {
                    if (channels.delete(id).isPresent()) {
                        messages.deleteChannel(id);
                        access.invalidate(id.value());
                        events.publish(new ChannelEvent(ChannelEvent.Kind.DELETED, channel.withMemberCount(0), null));
                        removed++;
                    }
                    continue;
                }
                channels.putMember(id, successor.get().withRole(MemberRole.OWNER));
                channel = channel.withOwner(successor.get().userId(), clock.now());
                channels.update(channel);
            }
            if (channels.removeMember(id, user)) {
                removed++;
            }
            access.invalidate(id.value());
            Channel after = channels.find(id).orElse(channel.withMemberCount(Math.max(0, channel.memberCount() - 1)));
            events.publish(new ChannelEvent(ChannelEvent.Kind.MEMBER_REMOVED, after, member.get()));
            if (!after.ownerId().equals(found.get().ownerId())) {
                events.publish(new ChannelEvent(ChannelEvent.Kind.UPDATED, after, null));
            }
        }
        return removed;
    }

    /** The oldest moderator, else the oldest member, other than {@code leaving}. */
    private Optional<Member> successor(ChannelId id, UserId leaving) {
        Member oldestMember = null;
        for (int page = 1; ; page++) {
            Page<Member> members = channels.members(id, new PageRequest(page, PageRequest.MAX_LIMIT));
            for (Member m : members.items()) {
                if (m.userId().equals(leaving)) {
                    continue;
                }
                if (m.role() == MemberRole.MODERATOR) {
                    return Optional.of(m);
                }
                if (oldestMember == null) {
                    oldestMember = m;
                }
            }
            if ((long) page * PageRequest.MAX_LIMIT >= members.total() || members.items().isEmpty()) {
                return Optional.ofNullable(oldestMember);
            }
        }
    }

    /** The channel, if the caller may see it: a private one the caller does not belong to is not found. */
    private Channel visible(Caller caller, ChannelId id) {
        Channel channel = channels.find(id).orElseThrow(ChannelService::channelNotFound);
        if (channel.isPrivate() && !caller.isAdmin() && channels.member(id, caller.id()).isEmpty()) {
            throw channelNotFound();
        }
        return channel;
    }

    private String displayName(Caller caller) {
        if (caller.name() != null) {
            return caller.name();
        }
        return caller.external() ? null : users.findById(caller.id()).map(User::name).orElse(null);
    }

    private static NotFound channelNotFound() {
        return new NotFound("CHANNEL_NOT_FOUND", "no such channel");
    }
}
