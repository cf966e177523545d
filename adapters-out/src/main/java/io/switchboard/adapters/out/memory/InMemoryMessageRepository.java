package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Messages in memory, kept in insertion order (a sequence number, so equal timestamps still sort stably)
 * and listed newest first. Each message's writes run inside its id's {@code compute}, so an edit and a
 * delete of the same message cannot interleave. Listing scans in order and counts the visible matches;
 * that is linear in the stored messages, which suits the single-process default (docs/decisions.md).
 */
final class InMemoryMessageRepository implements MessageRepository {
    private record Stored(long seq, Message message) {
    }

    private final AtomicLong sequence = new AtomicLong();
    private final Map<MessageId, Stored> byId = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, Message> newestFirst =
            new ConcurrentSkipListMap<>(Comparator.reverseOrder());

    @Override
    public void insert(Message message) {
        byId.compute(message.id(), (id, existing) -> {
            if (existing != null) {
                throw new IllegalStateException("duplicate message id " + id);
            }
            Stored stored = new Stored(sequence.incrementAndGet(), message);
            newestFirst.put(stored.seq(), message);
            return stored;
        });
    }

    @Override
    public boolean update(Message message) {
        boolean[] written = {false};
        byId.computeIfPresent(message.id(), (id, existing) -> {
            if (existing.message().version() != message.version() - 1) {
                return existing;
            }
            newestFirst.put(existing.seq(), message);
            written[0] = true;
            return new Stored(existing.seq(), message);
        });
        return written[0];
    }

    @Override
    public Optional<Message> findById(MessageId id) {
        Stored stored = byId.get(id);
        return stored == null ? Optional.empty() : Optional.of(stored.message());
    }

    @Override
    public long deleteChannel(ChannelId channel) {
        long removed = 0;
        for (Stored stored : List.copyOf(byId.values())) {
            if (channel.equals(stored.message().channelId()) && delete(stored.message().id())) {
                removed++;
            }
        }
        return removed;
    }

    @Override
    public boolean delete(MessageId id) {
        boolean[] removed = {false};
        byId.computeIfPresent(id, (key, existing) -> {
            newestFirst.remove(existing.seq());
            removed[0] = true;
            return null;
        });
        return removed[0];
    }

    @Override
    public Page<Message> list(Caller viewer, ChannelId channel, UserId recipient, Set<ChannelId> hidden,
                              PageRequest page) {
        boolean hiding = channel == null && recipient == null && !viewer.isAdmin() && !hidden.isEmpty();
        Predicate<Message> wanted = m -> m.isVisibleTo(viewer)
                && (channel == null || channel.equals(m.channelId()))
                && (recipient == null || recipient.equals(m.recipientId()))
                && (!hiding || m.channelId() == null || !hidden.contains(m.channelId())
                    || m.senderId().equals(viewer.id()));
        long skip = page.offset();
        long total = 0;
        List<Message> items = new ArrayList<>(page.limit());
        for (Message m : newestFirst.values()) {
            if (!wanted.test(m)) {
                continue;
            }
            if (total >= skip && items.size() < page.limit()) {
                items.add(m);
            }
            total++;
        }
        return new Page<>(items, page.page(), page.limit(), total);
    }
}
