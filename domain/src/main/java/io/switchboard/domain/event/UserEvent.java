package io.switchboard.domain.event;

import io.switchboard.domain.user.PublicUser;

import java.util.Objects;

/** user.created, user.updated, user.deleted; carries only the public view, never a hash. */
public record UserEvent(Kind kind, PublicUser user) implements DomainEvent {
    public enum Kind {
        CREATED("user.created"), UPDATED("user.updated"), DELETED("user.deleted");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    public UserEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(user, "user");
    }

    @Override
    public String type() {
        return kind.type;
    }
}
