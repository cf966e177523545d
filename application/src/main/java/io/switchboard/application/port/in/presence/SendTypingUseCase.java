package io.switchboard.application.port.in.presence;

import io.switchboard.domain.user.Caller;

/**
 * The `typing` frame (docs/rooms-and-presence.md): on an exact topic the connection is subscribed to and may publish
 * to, other subscribers get eventType `typing` with {userId, name, typing}. Coalesced, never stored, auto-false after
 * TYPING_TTL_MS, ended by posting on the topic.
 */
public interface SendTypingUseCase {
    /**
     * @throws io.switchboard.domain.failure.ValidationFailed code 2: malformed topic or a pattern
     * @throws io.switchboard.domain.failure.Forbidden        code 5: not allowed to publish there (NOT_A_MEMBER for a
     *                                                        private channel)
     * @return whether a `typing` event was sent (false: coalesced, or a `false` with no typing to end)
     */
    boolean typing(Caller caller, String topic, boolean typing);
}
