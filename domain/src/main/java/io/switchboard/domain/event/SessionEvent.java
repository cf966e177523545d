package io.switchboard.domain.event;

import io.switchboard.domain.session.SessionEventType;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;

import java.util.Objects;

/**
 * session.updated (the new state and why it changed) or session.deleted (the last state). Events of one session
 * are published in version order by one writer, but two writers (threads, instances) may publish adjacent versions
 * out of order: a consumer forwards a state only if its version is higher than the last one it forwarded.
 *
 * @param event for UPDATED, the STATE_UPDATE `event` (CREATED, SWITCHED, TIME_EXPIRED, ...); null for DELETED
 */
public record SessionEvent(Kind kind, SessionState state, SessionEventType event) implements DomainEvent {
    public enum Kind {
        UPDATED("session.updated"), DELETED("session.deleted");

        private final String type;

        Kind(String type) {
            this.type = type;
        }
    }

    public SessionEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        if ((kind == Kind.UPDATED) != (event != null)) {
            throw new IllegalArgumentException("an update names its event, a deletion does not");
        }
    }

    public static SessionEvent updated(SessionState state, SessionEventType event) {
        return new SessionEvent(Kind.UPDATED, state, Objects.requireNonNull(event, "event"));
    }

    public static SessionEvent deleted(SessionState lastState) {
        return new SessionEvent(Kind.DELETED, lastState, null);
    }

    public SessionId sessionId() {
        return state.sessionId();
    }

    @Override
    public String type() {
        return kind.type;
    }
}
