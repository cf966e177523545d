package io.switchboard.domain.event;

import io.switchboard.domain.message.Message;

import java.util.Objects;

/** message.sent, message.updated, message.deleted; `message` is the state after the change (before, for delete). */
public record MessageEvent(Kind kind, Message message) implements DomainEvent {
    public enum Kind {
        SENT("message.sent"), UPDATED("message.updated"), DELETED("message.deleted");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    public MessageEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String type() {
        return kind.type;
    }
}
