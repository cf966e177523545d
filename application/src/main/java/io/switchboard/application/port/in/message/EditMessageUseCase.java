package io.switchboard.application.port.in.message;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

public interface EditMessageUseCase {
    /** Only the sender may edit (code 5); announces message.updated. */
    Message edit(Command command);

    record Command(Caller caller, MessageId id, String content) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(id, "id");
            Violations v = new Violations();
            v.check(Message.isValidContent(content), "content", "must be 1 to " + Message.CONTENT_MAX + " characters");
            v.throwIfAny();
        }
    }
}
