package io.switchboard.application.port.in.channel;

import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;

/**
 * DELETE /api/channels/{id}/members/{userId}: owner, admin or moderator, or the member themself (leave); the owner
 * cannot leave. Takes effect at once on every instance (MEMBERSHIP_REVOKED).
 */
public interface RemoveMemberUseCase {
    void remove(Caller caller, ChannelId id, UserId user);
}
