package io.switchboard.application.realtime;

/**
 * The presence events (`presence.join`, `presence.leave`); their data is {userId, name}. They reach every subscriber
 * of the topic, the user's own connections included.
 */
public final class PresenceEvents {
    public static final String JOIN = "presence.join";
    public static final String LEAVE = "presence.leave";

    private PresenceEvents() {
    }
}
