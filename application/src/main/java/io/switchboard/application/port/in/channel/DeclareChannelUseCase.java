package io.switchboard.application.port.in.channel;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

/** POST /api/channels: the caller becomes owner and first member; CHANNEL_EXISTS (code 6) when declared. */
public interface DeclareChannelUseCase {
    Channel declare(Command command);

    record Command(Caller caller, ChannelId id, String name, boolean isPrivate, String description) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(id, "id");
            Violations violations = new Violations();
            violations.check(name != null, "name", "is required");
            Channel.validate(violations, name, description);
            violations.throwIfAny();
        }
    }
}
