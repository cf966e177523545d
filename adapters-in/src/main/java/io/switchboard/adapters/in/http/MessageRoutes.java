package io.switchboard.adapters.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.JsonObject;
import io.switchboard.application.port.in.message.DeleteMessageUseCase;
import io.switchboard.application.port.in.message.EditMessageUseCase;
import io.switchboard.application.port.in.message.GetMessageUseCase;
import io.switchboard.application.port.in.message.ListMessagesUseCase;
import io.switchboard.application.port.in.message.SendMessageUseCase;
import io.switchboard.application.view.Views;
import io.switchboard.domain.common.PageRequest;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.UserId;

/** /api/messages and /api/messages/{id}. */
final class MessageRoutes {
    private final SendMessageUseCase send;
    private final ListMessagesUseCase list;
    private final GetMessageUseCase get;
    private final EditMessageUseCase edit;
    private final DeleteMessageUseCase delete;

    MessageRoutes(SendMessageUseCase send, ListMessagesUseCase list, GetMessageUseCase get, EditMessageUseCase edit,
                  DeleteMessageUseCase delete) {
        this.send = send;
        this.list = list;
        this.get = get;
        this.edit = edit;
        this.delete = delete;
    }

    void addTo(Router router) {
        router.add("POST", "/api/messages", true, this::send)
                .add("GET", "/api/messages", true, this::list)
                .add("GET", "/api/messages/{id}", true,
                        call -> Reply.ok(Views.message(get.get(call.caller(), MessageId.parse(call.path("id"))))))
                .add("PATCH", "/api/messages/{id}", true, this::edit)
                .add("DELETE", "/api/messages/{id}", true, this::delete);
    }

    private Reply send(HttpCall call) throws Exception {
        JsonObject body = call.body();
        String content = body.string("content");
        String recipient = body.string("recipientId");
        String channel = body.string("channelId");
        // Any user id passes here; only accounts receive direct messages, which the service checks
        // (RECIPIENT_NOT_FOUND also for an identity provider's user, who has no account).
        if (recipient != null && !UserId.isValid(recipient)) {
            body.violations().add("recipientId", "must be a user id");
        }
        if (channel != null && !ChannelId.isValid(channel)) {
            body.violations().add("channelId", "must be 1 to " + ChannelId.MAX_LENGTH + " characters of [A-Za-z0-9_-]");
        }
        // When the ids are refused here the command never runs, so judge the content here too: a client learns
        // of every broken field at once, as with every other body.
        if (!body.violations().isEmpty() && isStringOrAbsent(body.node().get("content"))
                && !Message.isValidContent(content)) {
            body.violations().add("content", "must be 1 to " + Message.CONTENT_MAX + " characters");
        }
        body.check();
        SendMessageUseCase.Command command = new SendMessageUseCase.Command(call.caller(), content,
                recipient == null ? null : new UserId(recipient), channel == null ? null : new ChannelId(channel));
        return Reply.created(Views.message(send.send(command)));
    }

    private Reply list(HttpCall call) {
        int page = call.intQuery("page", 1);
        int limit = call.intQuery("limit", PageRequest.DEFAULT_LIMIT);
        String channel = call.query("channelId");
        String recipient = call.query("recipientId");
        if (channel != null && !ChannelId.isValid(channel)) {
            throw new InvalidInput("INVALID_QUERY", "channelId must be 1 to 100 characters of [A-Za-z0-9_-]");
        }
        if (recipient != null && !isUuid(recipient)) {
            throw new InvalidInput("INVALID_QUERY", "recipientId must be a user id (UUID)");
        }
        PageRequest pageRequest;
        try {
            pageRequest = new PageRequest(page, limit);
        } catch (ValidationFailed e) {
            throw new InvalidInput("INVALID_QUERY", e.getMessage());
        }
        ListMessagesUseCase.Query query = new ListMessagesUseCase.Query(call.caller(),
                channel == null ? null : new ChannelId(channel), recipient == null ? null : UserId.parse(recipient),
                pageRequest);
        return Reply.ok(Views.page(list.list(query), Views::message));
    }

    private Reply edit(HttpCall call) throws Exception {
        MessageId id = MessageId.parse(call.path("id"));
        JsonObject body = call.body();
        String content = body.string("content");
        body.check();
        return Reply.ok(Views.message(edit.edit(new EditMessageUseCase.Command(call.caller(), id, content))));
    }

    private Reply delete(HttpCall call) {
        delete.delete(call.caller(), MessageId.parse(call.path("id")));
        return Reply.noContent();
    }

    private static boolean isStringOrAbsent(JsonNode value) {
        return value == null || value.isNull() || value.isTextual();
    }

    private static boolean isUuid(String text) {
        try {
            UserId.parse(text);
            return true;
        } catch (InvalidInput e) {
            return false;
        }
    }
}
