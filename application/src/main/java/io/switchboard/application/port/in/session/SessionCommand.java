package io.switchboard.application.port.in.session;

import io.switchboard.domain.failure.Violations;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.user.Caller;

import java.util.Objects;

/**
 * Who changes which session, and optionally on which version only (the REST `If-Match` header): start, pause,
 * resume, complete and delete take this command.
 *
 * @param expectedVersion null = apply to whatever version is current (concurrent changes are retried, never lost);
 *                        otherwise a stored version other than this one is VersionConflict(expected, actual)
 */
public record SessionCommand(Caller caller, SessionId sessionId, Long expectedVersion) {
    public SessionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(sessionId, "sessionId");
        checkExpectedVersion(expectedVersion);
    }

    public static SessionCommand of(Caller caller, SessionId sessionId) {
        return new SessionCommand(caller, sessionId, null);
    }

    static void checkExpectedVersion(Long expectedVersion) {
        Violations v = new Violations();
        v.check(expectedVersion == null || expectedVersion >= 1, "If-Match", "must be a version of 1 or more");
        v.throwIfAny();
    }
}
