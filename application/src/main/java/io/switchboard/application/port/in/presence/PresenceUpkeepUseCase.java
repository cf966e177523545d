package io.switchboard.application.port.in.presence;

/** What a timer runs to keep presence right across instances and to end stale typing (docs/rooms-and-presence.md). */
public interface PresenceUpkeepUseCase {
    /** Moves this instance's presence entries' expiry forward (every third of PRESENCE_TTL_MS). */
    void heartbeat();

    /** Removes expired presence entries of any instance and announces the leaves; returns how many. */
    int sweep();

    /** Sends `typing:false` for typing not refreshed within TYPING_TTL_MS. */
    void expireTyping();
}
