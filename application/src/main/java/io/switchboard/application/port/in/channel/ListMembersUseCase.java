package io.switchboard.application.port.in.channel;

import io.switchboard.domain.channel.Member;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.Caller;

/** GET /api/channels/{id}/members: code 3 for a private channel the caller does not belong to. */
public interface ListMembersUseCase {
    Page<Member> members(Caller caller, ChannelId id, PageRequest page);
}
