package io.switchboard.application.port.in.message;

import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.Objects;

public interface ListMessagesUseCase {
    /** The messages the caller may see, newest first. */
    Page<Message> list(Query query);

    /** channelId and recipientId are optional filters (null = any). */
    record Query(Caller caller, ChannelId channelId, UserId recipientId, PageRequest page) {
        public Query {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(page, "page");
        }
    }
}
