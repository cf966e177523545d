package io.switchboard.application.port.in.session;

public interface DeleteSessionUseCase {
    /**
     * Removes the session in any status; owner or admin only. Announces session.deleted with the last state.
     *
     * @throws io.switchboard.domain.failure.NotFound SESSION_NOT_FOUND
     * @throws io.switchboard.domain.failure.Forbidden NOT_SESSION_OWNER
     * @throws io.switchboard.domain.failure.VersionConflict when an expected version was given and is stale
     */
    void delete(SessionCommand command);
}
