package io.switchboard.application.port.out;

import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.Optional;

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
    Page<Message> list(Caller viewer, ChannelId channel, UserId recipient, PageRequest page);

    /**
     * Removes every message of a channel (a declared channel was deleted).
     *
     * @return how many were removed
     */
    long deleteChannel(ChannelId channel);
}
