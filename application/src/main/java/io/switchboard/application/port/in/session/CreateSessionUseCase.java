package io.switchboard.application.port.in.session;

import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

public interface CreateSessionUseCase {
    /**
     * Any authenticated user creates a session and becomes its owner; it starts pending at version 1 and
     * session.updated (CREATED) is announced.
     *
     * @throws io.switchboard.domain.failure.Conflict SESSION_EXISTS when the requested sessionId is taken
     */
    SessionState create(Command command);

    /** The spec validated itself (docs/sessions.md); a null sessionId in it is generated. */
    record Command(Caller caller, SessionSpec spec) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(spec, "spec");
        }
    }
}
