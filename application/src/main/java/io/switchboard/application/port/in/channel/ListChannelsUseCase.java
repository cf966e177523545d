package io.switchboard.application.port.in.channel;

import io.switchboard.domain.channel.Channel;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.user.Caller;

/** GET /api/channels: public channels and the private ones the caller belongs to (admins: all). */
public interface ListChannelsUseCase {
    Page<Channel> list(Caller caller, boolean onlyMine, PageRequest page);
}
