package io.switchboard.application.port.in.message;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.Objects;

public interface SendMessageUseCase {
    /** Stores the message and announces message.sent; an unknown recipient is code 3 RECIPIENT_NOT_FOUND. */
    Message send(Command command);

    record Command(Caller caller, String content, UserId recipientId, ChannelId channelId) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Violations v = new Violations();
            v.check(Message.isValidContent(content), "content", "must be 1 to " + Message.CONTENT_MAX + " characters");
            v.check(recipientId != null || channelId != null, "recipientId", "give a recipientId, a channelId or both");
            v.throwIfAny();
        }
    }
}
