package io.switchboard.application.service.message;

import io.switchboard.application.port.in.message.DeleteMessageUseCase;
import io.switchboard.application.port.in.message.EditMessageUseCase;
import io.switchboard.application.port.in.message.GetMessageUseCase;
import io.switchboard.application.port.in.message.ListMessagesUseCase;
import io.switchboard.application.port.in.message.SendMessageUseCase;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.service.topic.ChannelAccess;
import io.switchboard.domain.common.Page;
import io.switchboard.domain.event.MessageEvent;
import io.switchboard.domain.failure.Forbidden;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.message.ChannelId;
import io.switchboard.domain.message.Message;
import io.switchboard.domain.message.MessageId;
import io.switchboard.domain.user.Caller;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Direct and channel messages: the one path for REST and WebSocket sends alike. */
public final class MessageService implements SendMessageUseCase, ListMessagesUseCase, GetMessageUseCase,
        EditMessageUseCase, DeleteMessageUseCase {

    private final MessageRepository messages;
    private final UserRepository users;
    private final EventPublisher events;
    private final Clock clock;
    private final IdGenerator ids;
    /** Null: no declared channels, every channel is open. */
    private final ChannelAccess channels;

    public MessageService(MessageRepository messages, UserRepository users, EventPublisher events, Clock clock,
                          IdGenerator ids) {
        this(messages, users, events, clock, ids, null);
    }

    /** @param channels who may read and post to declared private channels (docs/rooms-and-presence.md) */
    public MessageService(MessageRepository messages, UserRepository users, EventPublisher events, Clock clock,
                          IdGenerator ids, ChannelAccess channels) {
        this.channels = channels;
        this.messages = Objects.requireNonNull(messages);
        this.users = Objects.requireNonNull(users);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.ids = Objects.requireNonNull(ids);
    }

    @Override
    public Message send(SendMessageUseCase.Command command) {
        if (command.channelId() != null && !mayRead(command.caller(), command.channelId())) {
            throw new Forbidden("NOT_A_MEMBER", "this channel is private; only its members may post to it");
        }
        if (command.recipientId() != null && users.findById(command.recipientId()).isEmpty()) {
            throw new NotFound("RECIPIENT_NOT_FOUND", "no such recipient");
        }
        Instant now = clock.now();
        Message message = new Message(new MessageId(ids.newId()), command.caller().id(), command.content(),
                command.recipientId(), command.channelId(), now, now);
        messages.insert(message);
        events.publish(new MessageEvent(MessageEvent.Kind.SENT, message));
        return message;
    }

    @Override
    public Page<Message> list(Query query) {
        if (query.channelId() != null && !mayRead(query.caller(), query.channelId())) {
            throw new NotFound("CHANNEL_NOT_FOUND", "no such channel");
        }
        if (channels != null && query.channelId() == null && query.recipientId() == null) {
            // the private channels the caller may not read are left out of the page and the total alike
            return messages.list(query.caller(), null, null, channels.unreadableBy(query.caller()), query.page());
        }
        Page<Message> page = messages.list(query.caller(), query.channelId(), query.recipientId(), query.page());
        if (channels == null || query.channelId() != null || query.caller().isAdmin()) {
            return page;
        }
        // Filtered by recipient only, the listing may hold messages of private channels the caller does not belong
        // to: they are left out of the page (the total still counts them; docs/rooms-and-presence.md).
        List<Message> visible = page.items().stream().filter(m -> m.channel()
                .map(c -> m.senderId().equals(query.caller().id()) || mayRead(query.caller(), c)).orElse(true))
                .toList();
        return visible.size() == page.items().size() ? page
                : new Page<>(visible, page.page(), page.limit(), page.total());
    }

    private boolean mayRead(Caller caller, ChannelId channel) {
        return channels == null || channels.mayRead(caller, channel);
    }

    @Override
    public Message get(Caller caller, MessageId id) {
        return loadVisible(caller, id);
    }

    @Override
    public Message edit(EditMessageUseCase.Command command) {
        while (true) {
            Message message = loadVisible(command.caller(), command.id());
            if (!message.senderId().equals(command.caller().id())) {
                throw new Forbidden("NOT_SENDER", "only the sender may edit a message");
            }
            Message edited = message.withContent(command.content(), clock.now());
            if (messages.update(edited)) { // a compare-and-set on the version: a concurrent edit makes us retry
                events.publish(new MessageEvent(MessageEvent.Kind.UPDATED, edited));
                return edited;
            }
        }
    }

    @Override
    public void delete(Caller caller, MessageId id) {
        Message message = loadVisible(caller, id);
        if (!caller.isSelfOrAdmin(message.senderId())) {
            throw new Forbidden("NOT_SENDER", "only the sender or an admin may delete a message");
        }
        if (!messages.delete(id)) {
            throw messageNotFound();
        }
        events.publish(new MessageEvent(MessageEvent.Kind.DELETED, message));
    }

    /** A message the caller may not see is reported as not found, so its existence does not leak. */
    private Message loadVisible(Caller caller, MessageId id) {
        return messages.findById(id).filter(m -> m.isVisibleTo(caller))
                .filter(m -> m.channel().map(c -> m.senderId().equals(caller.id()) || mayRead(caller, c)).orElse(true))
                .orElseThrow(MessageService::messageNotFound);
    }

    private static NotFound messageNotFound() {
        return new NotFound("MESSAGE_NOT_FOUND", "no such message");
    }
}
