package io.switchboard.domain.session;

import java.util.Objects;

/** One change of a session: the state after it (its version one more than before) and why it happened. */
public record SessionStep(SessionState state, SessionEventType event) {
    public SessionStep {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(event, "event");
    }
}
