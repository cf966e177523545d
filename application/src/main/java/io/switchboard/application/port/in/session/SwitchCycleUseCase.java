package io.switchboard.application.port.in.session;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionSpec;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

public interface SwitchCycleUseCase {
    /**
     * Ends the running turn and starts the next one (see docs/sessions.md for each mode's arithmetic). Allowed to
     * the owner, an admin, or the active participant whose participantId is the caller's user id. Announces
     * session.updated (SWITCHED) and returns the stored state with its new version.
     *
     * @throws io.switchboard.domain.failure.NotFound SESSION_NOT_FOUND
     * @throws io.switchboard.domain.failure.Forbidden NOT_ALLOWED_TO_SWITCH
     * @throws io.switchboard.domain.failure.RateLimited SWITCH_RATE_LIMITED
     * @throws io.switchboard.domain.failure.VersionConflict when an expected version was given and is stale
     * @throws io.switchboard.domain.failure.Conflict INVALID_STATE_TRANSITION unless running; PARTICIPANT_EXPIRED
     * @throws io.switchboard.domain.failure.ValidationFailed on nextParticipantId when it names nobody in the session
     */
    SessionState switchCycle(Command command);

    /**
     * @param nextParticipantId who gets the turn; null = the next in order
     * @param expectedVersion   see {@link SessionCommand#expectedVersion()}
     */
    record Command(Caller caller, SessionId sessionId, String nextParticipantId, Long expectedVersion) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(sessionId, "sessionId");
            SessionCommand.checkExpectedVersion(expectedVersion);
            Violations v = new Violations();
            v.check(nextParticipantId == null || SessionSpec.isValidParticipantId(nextParticipantId),
                    "nextParticipantId", "must be 1 to 64 characters of A-Z a-z 0-9 _ : -");
            v.throwIfAny();
        }
    }
}
