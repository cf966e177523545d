package io.switchboard.application.port.in.message;

import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;

public interface DeleteMessageUseCase {
    /** The sender or an admin (code 5); announces message.deleted. */
    void delete(Caller caller, MessageId id);
}
