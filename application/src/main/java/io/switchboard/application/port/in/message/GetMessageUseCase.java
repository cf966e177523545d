package io.switchboard.application.port.in.message;

import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;

public interface GetMessageUseCase {
    /** @throws io.switchboard.domain.failure.NotFound MESSAGE_NOT_FOUND, also when the caller may not see it */
    Message get(Caller caller, MessageId id);
}
