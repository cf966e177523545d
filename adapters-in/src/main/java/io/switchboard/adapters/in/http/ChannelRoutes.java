package io.switchboard.adapters.in.http;

import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.channel.DeclareChannelUseCase;
import io.switchboard.application.port.in.channel.DeleteChannelUseCase;
import io.switchboard.application.port.in.channel.GetChannelUseCase;
import io.switchboard.application.port.in.channel.ListChannelsUseCase;
import io.switchboard.application.port.in.channel.ListMembersUseCase;
import io.switchboard.application.port.in.channel.PutMemberUseCase;
import io.switchboard.application.port.in.channel.RemoveMemberUseCase;
import io.switchboard.application.port.in.channel.UpdateChannelUseCase;
import io.switchboard.application.view.Views;
import io.switchboard.domain.channel.MemberRole;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.user.UserId;

/** /api/channels and its members (docs/rooms-and-presence.md). */
final class ChannelRoutes {
    /** The channel use cases, all implemented by the channel service. */
    record UseCases(DeclareChannelUseCase declare, ListChannelsUseCase list, GetChannelUseCase get,
                    UpdateChannelUseCase update, DeleteChannelUseCase delete, ListMembersUseCase members,
                    PutMemberUseCase putMember, RemoveMemberUseCase removeMember) {
    }

    private final UseCases useCases;

    ChannelRoutes(UseCases useCases) {
        this.useCases = useCases;
    }

    void addTo(Router router) {
        router.add("POST", "/api/channels", true, this::declare)
                .add("GET", "/api/channels", true, this::list)
                .add("GET", "/api/channels/{id}", true,
                        call -> Reply.ok(Views.channel(useCases.get().get(call.caller(), channelId(call)))))
                .add("PATCH", "/api/channels/{id}", true, this::update)
                .add("DELETE", "/api/channels/{id}", true, call -> {
                    useCases.delete().delete(call.caller(), channelId(call));
                    return Reply.noContent();
                })
                .add("GET", "/api/channels/{id}/members", true, call -> Reply.ok(Views.page(
                        useCases.members().members(call.caller(), channelId(call), page(call)), Views::member)))
                .add("PUT", "/api/channels/{id}/members/{userId}", true, this::putMember)
                .add("DELETE", "/api/channels/{id}/members/{userId}", true, call -> {
                    useCases.removeMember().remove(call.caller(), channelId(call), userId(call));
                    return Reply.noContent();
                });
    }

    private Reply declare(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String id = body.string("channelId");
        String name = body.string("name");
        Boolean isPrivate = body.bool("private");
        String description = body.string("description");
        if (id == null) {
            body.violations().add("channelId", "is required");
        } else if (!ChannelId.isValid(id)) {
            body.violations().add("channelId", "must be 1 to " + ChannelId.MAX_LENGTH + " characters of [A-Za-z0-9_-]");
        }
        body.check();
        return Reply.created(Views.channel(useCases.declare().declare(new DeclareChannelUseCase.Command(call.caller(),
                new ChannelId(id), name, Boolean.TRUE.equals(isPrivate), description))));
    }

    private Reply list(HttpCall call) {
        String member = call.query("member");
        if (member != null && !member.equals("true") && !member.equals("false")) {
            throw new InvalidInput("INVALID_QUERY", "member must be true or false");
        }
        return Reply.ok(Views.page(useCases.list().list(call.caller(), "true".equals(member), page(call)),
                Views::channel));
    }

    private Reply update(HttpCall call) throws Exception {
        ChannelId id = channelId(call);
        JsonObject body = call.body();
        String name = body.string("name");
        Boolean isPrivate = body.bool("private");
        String description = body.string("description");
        body.check();
        return Reply.ok(Views.channel(useCases.update().update(new UpdateChannelUseCase.Command(call.caller(), id,
                name, isPrivate, description))));
    }

    private Reply putMember(HttpCall call) throws Exception {
        ChannelId id = channelId(call);
        UserId user = userId(call);
        JsonObject body = call.optionalBody();
        String roleText = body == null ? null : body.string("role");
        MemberRole role = null;
        if (roleText != null) {
            role = MemberRole.fromWire(roleText).filter(r -> r != MemberRole.OWNER).orElse(null);
            if (role == null) {
                body.violations().add("role", "must be member or moderator");
            }
        }
        if (body != null) {
            body.check();
        }
        PutMemberUseCase.Result result = useCases.putMember().put(new PutMemberUseCase.Command(call.caller(), id,
                user, role));
        return result.added() ? Reply.created(Views.member(result.member())) : Reply.ok(Views.member(result.member()));
    }

    /** A path id that no channel can have is simply not found. */
    private static ChannelId channelId(HttpCall call) {
        String id = call.path("id");
        if (!ChannelId.isValid(id)) {
            throw new NotFound("CHANNEL_NOT_FOUND", "no such channel");
        }
        return new ChannelId(id);
    }

    private static UserId userId(HttpCall call) {
        String id = call.path("userId");
        if (!UserId.isValid(id)) {
            throw new NotFound("USER_NOT_FOUND", "no such user");
        }
        return new UserId(id);
    }

    static PageRequest page(HttpCall call) {
        int page = call.intQuery("page", 1);
        int limit = call.intQuery("limit", PageRequest.DEFAULT_LIMIT);
        try {
            return new PageRequest(page, limit);
        } catch (ValidationFailed e) {
            throw new InvalidInput("INVALID_QUERY", e.getMessage());
        }
    }
}
