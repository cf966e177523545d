package io.switchboard.application.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The data of a session publication ({@code session.updated}, {@code session.deleted} on {@code sessions.{id}}),
 * typed, so the session dialect reads the id and version without casting maps and renders STATE_UPDATE or
 * SESSION_DELETED from it; on the topic dialect it is the object {@code {"state":{...},"event":"..."}}
 * ({@link #tree()}).
 *
 * @param sessionId the session's id
 * @param version   the state's version (what a watcher compares to never go backwards)
 * @param state     the SessionState view: a JSON-ready tree on the publishing instance, a {@link RawJson} on the others
 * @param event     the change (CREATED, STARTED, SWITCHED, PAUSED, RESUMED, COMPLETED, TIME_EXPIRED), or null
 */
public record SessionUpdate(String sessionId, long version, Object state, String event) {
    public SessionUpdate {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(state, "state");
    }

    /** The same update with its state already encoded (for the wire, or to encode it once for many frames). */
    public SessionUpdate withState(Object encodedState) {
        return new SessionUpdate(sessionId, version, encodedState, event);
    }

    /** {@code {"state": <state>, "event": <event>}}, the data of the topic dialect's frame. */
    public Map<String, Object> tree() {
        Map<String, Object> data = new LinkedHashMap<>(2);
        data.put("state", state);
        data.put("event", event);
        return data;
    }
}
