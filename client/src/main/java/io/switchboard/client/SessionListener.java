package io.switchboard.client;

/** Callbacks of a {@link SessionWatcher}, in order, never two at once. */
public interface SessionListener {
    /**
     * A newer state: {@code event} is the change ({@code STARTED}, {@code SWITCHED}, ...) for a STATE_UPDATE, null
     * for a STATE_SYNC (on connect and after every reconnect). An older version never follows a newer one.
     */
    void onState(SessionSnapshot state, String event);

    /** The session was deleted (or removed by its TTL); the watcher is then CLOSED. */
    default void onDeleted(String sessionId) {
    }

    /** An ERROR frame ({@code code} is a string in this dialect, e.g. SESSION_NOT_FOUND). */
    default void onError(String code, String message) {
    }
}
