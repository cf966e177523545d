package io.switchboard.application.realtime;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The presence events (`presence.join`, `presence.leave`) name the user they are about in their data's top-level
 * `userId`; a connection of that user skips them (the joiner knows it joined: it got `subscribed`).
 */
public final class PresenceEvents {
    public static final String JOIN = "presence.join";
    public static final String LEAVE = "presence.leave";
    /** The data is {userId, name} with userId first; a quote inside a name is escaped, so this finds the real one. */
    private static final Pattern USER = Pattern.compile("^\\{\"userId\":\"([^\"]+)\"");

    private PresenceEvents() {
    }

    /** The user a presence event is about, or null for any other publication. */
    public static String subjectOf(Delivery delivery) {
        String type = delivery.eventType();
        if (!JOIN.equals(type) && !LEAVE.equals(type)) {
            return null;
        }
        Object data = delivery.data();
        if (data instanceof Map<?, ?> map) {
            Object user = map.get("userId");
            return user == null ? null : user.toString();
        }
        if (data instanceof RawJson raw) {
            Matcher matcher = USER.matcher(raw.json());
            return matcher.find() ? matcher.group(1) : null;
        }
        return null;
    }
}
