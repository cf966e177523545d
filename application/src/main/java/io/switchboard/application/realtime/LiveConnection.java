package io.switchboard.application.realtime;

import java.time.Instant;
import java.util.List;

/**
 * One WebSocket connection open on this instance, as the admin pages show it. {@code userId} is null before it
 * authenticated; {@code subscriptions} are the topics and patterns it holds (a session watcher holds
 * {@code sessions.{id}}).
 */
public record LiveConnection(String id, String dialect, String userId, String ip, Instant openedAt,
                             List<String> subscriptions) {
    public LiveConnection {
        subscriptions = List.copyOf(subscriptions);
    }
}
