package io.switchboard.application.port.in.channel;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;

/** GET /api/channels/{id}: CHANNEL_NOT_FOUND (code 3) also for a private channel the caller does not belong to. */
public interface GetChannelUseCase {
    Channel get(Caller caller, ChannelId id);
}
