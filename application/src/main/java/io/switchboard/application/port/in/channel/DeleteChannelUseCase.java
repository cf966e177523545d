package io.switchboard.application.port.in.channel;

import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;

/** DELETE /api/channels/{id}: owner or admin; removes its members and its messages. */
public interface DeleteChannelUseCase {
    void delete(Caller caller, ChannelId id);
}
