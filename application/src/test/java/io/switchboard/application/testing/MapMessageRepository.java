package io.switchboard.application.testing;

import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The MessageRepository port in an insertion-ordered map, listed newest first. */
public final class MapMessageRepository implements MessageRepository {
    private final Map<MessageId, Message> messages = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Message message) {
        if (messages.putIfAbsent(message.id(), message) != null) {
            throw new IllegalStateException("duplicate id " + message.id());
        }
    }

    @Override
    public synchronized boolean update(Message message) {
        return messages.replace(message.id(), message) != null;
    }

    @Override
    public synchronized Optional<Message> findById(MessageId id) {
        return Optional.ofNullable(messages.get(id));
    }

    @Override
    public synchronized boolean delete(MessageId id) {
        return messages.remove(id) != null;
    }

    @Override
    public synchronized long deleteChannel(ChannelId channel) {
        List<MessageId> ids = messages.values().stream().filter(m -> channel.equals(m.channelId()))
                .map(Message::id).toList();
        ids.forEach(messages::remove);
        return ids.size();
    }

    @Override
    public synchronized Page<Message> list(Caller viewer, ChannelId channel, UserId recipient, Set<ChannelId> hidden,
                                           PageRequest page) {
        boolean hiding = channel == null && recipient == null && !viewer.isAdmin();
        List<Message> matching = new ArrayList<>();
        for (Message m : messages.values()) {
            if (m.isVisibleTo(viewer) && (channel == null || channel.equals(m.channelId()))
                    && (recipient == null || recipient.equals(m.recipientId()))
                    && (!hiding || m.channelId() == null || !hidden.contains(m.channelId())
                        || m.senderId().equals(viewer.id()))) {
                matching.add(m);
            }
        }
        Collections.reverse(matching);
        int from = (int) Math.min(page.offset(), matching.size());
        int to = Math.min(from + page.limit(), matching.size());
        return new Page<>(matching.subList(from, to), page.page(), page.limit(), matching.size());
    }

    public synchronized List<Message> all() {
        return List.copyOf(messages.values());
    }
}
