package io.switchboard.application.port.out;

import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.Optional;
import java.util.Set;

public interface MessageRepository {
    void insert(Message message);

    /**
     * Replaces the stored message if, and only if, its stored version is {@code message.version() - 1}, so that
     * concurrent edits are ordered and each version is written once.
     *
     * @return false, changing nothing, when the message no longer exists or its version is another
     */
    boolean update(Message message);

    Optional<Message> findById(MessageId id);

    boolean delete(MessageId id);

    /**
     * The messages the viewer may see (see {@link Message#isVisibleTo}), newest first, narrowed by the
     * optional channel and recipient filters.
     */
    default Page<Message> list(Caller viewer, ChannelId channel, UserId recipient, PageRequest page) {
        return list(viewer, channel, recipient, Set.of(), page);
    }

    /**
     * As {@link #list(Caller, ChannelId, UserId, PageRequest)}, leaving out the messages of the {@code hidden}
     * channels except those the viewer sent, in the page and in the total alike (so paging stays exact). The
     * caller passes the private channels the viewer does not belong to; {@code hidden} is only used by a listing
     * without a channel and a recipient filter by a non-admin (the unfiltered listing; others ignore it).
     */
    Page<Message> list(Caller viewer, ChannelId channel, UserId recipient, Set<ChannelId> hidden, PageRequest page);

    /**
     * Removes every message of a channel (a declared channel was deleted).
     *
     * @return how many were removed
     */
    long deleteChannel(ChannelId channel);
}
