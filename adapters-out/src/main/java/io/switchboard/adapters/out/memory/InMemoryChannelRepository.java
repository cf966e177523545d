package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.ChannelRepository;
import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.channel.Member;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Declared channels in one process: one lock, since channel changes are rare next to reads of the access cache. */
final class InMemoryChannelRepository implements ChannelRepository {
    private record Stored(long seq, Channel channel, LinkedHashMap<UserId, Member> members) {
    }

    private final Map<ChannelId, Stored> channels = new HashMap<>();
    private long sequence;

    @Override
    public synchronized boolean create(Channel channel, Member owner) {
        if (channels.containsKey(channel.id())) {
            return false;
        }
        LinkedHashMap<UserId, Member> members = new LinkedHashMap<>();
        members.put(owner.userId(), owner);
        channels.put(channel.id(), new Stored(++sequence, channel, members));
        return true;
    }

    @Override
    public synchronized Optional<Channel> find(ChannelId id) {
        return Optional.ofNullable(channels.get(id)).map(InMemoryChannelRepository::view);
    }

    @Override
    public synchronized boolean update(Channel channel) {
        Stored stored = channels.get(channel.id());
        if (stored == null) {
            return false;
        }
        channels.put(channel.id(), new Stored(stored.seq(), channel, stored.members()));
        return true;
    }

    @Override
    public synchronized Optional<List<UserId>> delete(ChannelId id) {
        Stored stored = channels.remove(id);
        return stored == null ? Optional.empty() : Optional.of(List.copyOf(stored.members().keySet()));
    }

    @Override
    public synchronized Optional<Member> member(ChannelId id, UserId user) {
        Stored stored = channels.get(id);
        return stored == null ? Optional.empty() : Optional.ofNullable(stored.members().get(user));
    }

    @Override
    public synchronized PutResult putMember(ChannelId id, Member member) {
        Stored stored = channels.get(id);
        if (stored == null) {
            return PutResult.NO_CHANNEL;
        }
        Member existing = stored.members().get(member.userId());
        if (existing != null) {
            stored.members().put(member.userId(), new Member(member.userId(), existing.name(), member.role(),
                    existing.joinedAt()));
            return PutResult.UPDATED;
        }
        stored.members().put(member.userId(), member);
        return PutResult.ADDED;
    }

    @Override
    public synchronized boolean removeMember(ChannelId id, UserId user) {
        Stored stored = channels.get(id);
        return stored != null && stored.members().remove(user) != null;
    }

    @Override
    public synchronized Page<Member> members(ChannelId id, PageRequest page) {
        Stored stored = channels.get(id);
        List<Member> all = stored == null ? List.of() : List.copyOf(stored.members().values());
        return slice(all, page);
    }

    @Override
    public synchronized Page<Channel> list(UserId viewer, boolean all, boolean onlyMine, PageRequest page) {
        List<Stored> matching = new ArrayList<>();
        for (Stored stored : channels.values()) {
            boolean member = stored.members().containsKey(viewer);
            if (onlyMine ? member : all || member || !stored.channel().isPrivate()) {
                matching.add(stored);
            }
        }
        matching.sort((a, b) -> Long.compare(b.seq(), a.seq()));
        return slice(matching.stream().map(InMemoryChannelRepository::view).toList(), page);
    }

    @Override
    public synchronized Set<ChannelId> channelsOf(UserId user) {
        Set<ChannelId> ids = new HashSet<>();
        for (Stored stored : channels.values()) {
            if (stored.members().containsKey(user)) {
                ids.add(stored.channel().id());
            }
        }
        return ids;
    }

    @Override
    public synchronized Set<ChannelId> privateChannelsWithout(UserId user) {
        Set<ChannelId> ids = new HashSet<>();
        for (Stored stored : channels.values()) {
            if (stored.channel().isPrivate() && !stored.members().containsKey(user)) {
                ids.add(stored.channel().id());
            }
        }
        return ids;
    }

    private static Channel view(Stored stored) {
        return stored.channel().withMemberCount(stored.members().size());
    }

    private static <T> Page<T> slice(List<T> all, PageRequest page) {
        int from = (int) Math.min(page.offset(), all.size());
        int to = Math.min(from + page.limit(), all.size());
        return new Page<>(all.subList(from, to), page.page(), page.limit(), all.size());
    }
}
