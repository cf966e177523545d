package io.switchboard.client;

import java.util.List;

/** Callbacks of one subscription, in order, never two at once. */
@FunctionalInterface
public interface TopicListener {
    /** A message on a topic this subscription matches. */
    void onMessage(Message message);

    /** Every {@code subscribed} reply: the first and each one after a reconnect. */
    default void onSubscribed(Subscribed subscribed) {
    }

    /** The server ended the subscription (e.g. {@code MEMBERSHIP_REVOKED}); it is not renewed. */
    default void onUnsubscribed(String topic, String reason) {
    }

    /** The server may have missed events for these topics ({@code BROKER_RECONNECTED}): re-read state. */
    default void onResync(List<String> topics, String reason) {
    }
}
