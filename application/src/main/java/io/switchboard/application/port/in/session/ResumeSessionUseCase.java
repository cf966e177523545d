package io.switchboard.application.port.in.session;

import io.switchboard.domain.session.SessionState;

public interface ResumeSessionUseCase {
    /**
     * paused -> running; owner or admin only. Announces session.updated (RESUMED) and returns the stored state with its new
     * version.
     *
     * @throws io.switchboard.domain.failure.NotFound SESSION_NOT_FOUND
     * @throws io.switchboard.domain.failure.Forbidden NOT_SESSION_OWNER
     * @throws io.switchboard.domain.failure.VersionConflict when an expected version was given and is stale
     * @throws io.switchboard.domain.failure.Conflict INVALID_STATE_TRANSITION
     */
    SessionState resume(SessionCommand command);
}
