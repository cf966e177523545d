package io.switchboard.application.port.in.presence;

import io.switchboard.application.presence.PresenceSnapshot;

import io.switchboard.domain.user.Caller;

/**
 * The `presence` frame and GET /api/presence: who is present on an exact topic, newest first. Allowed to whoever
 * may subscribe to the topic (code 5 otherwise; NOT_A_MEMBER for a private channel); a pattern is code 2.
 */
public interface QueryPresenceUseCase {
    int DEFAULT_LIMIT = 100;
    int MAX_LIMIT = 1000;

    /** @param limit 1..{@link #MAX_LIMIT} (code 2 otherwise) */
    PresenceSnapshot presence(Caller caller, String topic, int limit);
}
