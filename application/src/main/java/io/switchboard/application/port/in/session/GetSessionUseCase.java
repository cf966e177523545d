package io.switchboard.application.port.in.session;

import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.user.Caller;

public interface GetSessionUseCase {
    /**
     * Any authenticated user reads any session: the stored state (a client computes the running clock from
     * cycleStartedAt and the server time).
     *
     * @throws io.switchboard.domain.failure.NotFound SESSION_NOT_FOUND
     */
    SessionState get(Caller caller, SessionId id);
}
