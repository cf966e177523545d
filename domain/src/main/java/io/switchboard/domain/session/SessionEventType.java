package io.switchboard.domain.session;

/** Why a session changed: the `event` of a STATE_UPDATE frame (docs/sessions.md). */
public enum SessionEventType {
    CREATED,
    STARTED,
    SWITCHED,
    PAUSED,
    RESUMED,
    COMPLETED,
    TIME_EXPIRED
}
