package io.switchboard.application.port.in.channel;

import io.switchboard.domain.channel.Member;
import io.switchboard.domain.channel.MemberRole;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

import java.util.Objects;

/**
 * PUT /api/channels/{id}/members/{userId}: private channels: owner, admin or moderator; public channels: anyone may
 * add themself (join) as a member. Only owner, admin or moderator give the moderator role.
 */
public interface PutMemberUseCase {
    Result put(Command command);

    /** @param role null: member (or the role it has when it is already a member) */
    record Command(Caller caller, ChannelId id, UserId user, MemberRole role) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(user, "user");
            if (role == MemberRole.OWNER) {
                throw io.switchboard.domain.failure.ValidationFailed.of("role", "must be member or moderator");
            }
        }
    }

    record Result(Member member, boolean added) {
    }
}
