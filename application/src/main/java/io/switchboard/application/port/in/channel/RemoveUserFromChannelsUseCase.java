package io.switchboard.application.port.in.channel;

import io.switchboard.domain.user.UserId;

/**
 * A deleted user leaves every channel (DELETE /api/users/{id}): their memberships go, a channel they owned passes to
 * its oldest moderator, else its oldest member, and a channel with no member left is deleted with its messages.
 */
public interface RemoveUserFromChannelsUseCase {
    /** @return how many channels the user was removed from */
    int removeFromAllChannels(UserId user);
}
