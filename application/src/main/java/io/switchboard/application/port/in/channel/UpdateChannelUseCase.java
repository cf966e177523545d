package io.switchboard.application.port.in.channel;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

/** PATCH /api/channels/{id}: owner or admin (code 5 otherwise). Making a channel private revokes non-members. */
public interface UpdateChannelUseCase {
    Channel update(Command command);

    /** Null fields are left as they are; at least one must be given. */
    record Command(Caller caller, ChannelId id, String name, Boolean isPrivate, String description) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(id, "id");
            Violations violations = new Violations();
            violations.check(name != null || isPrivate != null || description != null, "name",
                    "give at least one of name, private, description");
            Channel.validate(violations, name, description);
            violations.throwIfAny();
        }
    }
}
