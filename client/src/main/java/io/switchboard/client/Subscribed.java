package io.switchboard.client;

/**
 * A {@code subscribed} reply. On a resubscribe after a reconnect, {@code recovered} says whether the server
 * replayed everything missed (true), could not (false: re-read the state over REST), or does not keep history for
 * the topic (null).
 */
public record Subscribed(String topic, Boolean recovered, Long offset, String epoch, String reason,
                         boolean resubscribe) {
}
