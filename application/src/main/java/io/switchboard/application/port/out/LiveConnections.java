package io.switchboard.application.port.out;

import java.time.Instant;
import java.util.List;

/** The WebSocket connections open on this instance right now, for the admin pages (GET /api/admin/...). */
public interface LiveConnections {
    /**
     * One open connection. {@code userId} is null before it authenticated; {@code subscriptions} are the topics and
     * patterns it holds as sent (a session watcher holds {@code sessions.{id}}).
     */
    record LiveConnection(String id, String dialect, String userId, String ip, Instant openedAt,
                          List<String> subscriptions) {
        public LiveConnection {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** A snapshot, oldest first. */
    List<LiveConnection> snapshot();
}
