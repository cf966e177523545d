package io.switchboard.application.realtime;

/**
 * The receiving end of a subscription, implemented by a WebSocket connection (or anything else that wants
 * publications). Subscriptions are keyed by this object's {@code equals}/{@code hashCode}: keep identity equality.
 *
 * <p><b>Contract.</b> {@link #deliver} is called on the publisher's thread (a request thread, or a pub/sub I/O thread
 * for publications from other instances), once per matching publication however many of the subscriber's patterns
 * match. It must return quickly and must never block: enqueue the frame on the connection's own bounded outbound
 * queue, and when the queue is over its bound apply the connection's policy (drop, or close with 1013 as a slow
 * consumer) instead of waiting. It should not throw; if it does, the pub/sub logs it and goes on with the other
 * subscribers. Deliveries to one subscriber arrive in publication order for publications from one thread.
 */
@FunctionalInterface
public interface Subscriber {
    void deliver(Delivery delivery);

    /**
     * The pub/sub's link to the other instances was interrupted and is back (docs/history-and-recovery.md): events on
     * {@code patterns}, which do not (all) keep history, may have been missed; what history topics missed was
     * delivered again from their streams. Called on a pub/sub thread; must not block. By default nothing happens.
     */
    default void resync(java.util.Collection<io.switchboard.domain.topic.TopicPattern> patterns, String reason) {
    }

    /** The user this subscriber acts for, for counts of distinct users (the SubscriberCounter out-port); null if none. */
    default String ownerId() {
        return null;
    }

    /**
     * Who may read {@code topic} changed (a channel was made private, a member removed): a subscriber holding an
     * exact subscription to it checks again whether its user may still read it, and ends it if not. Called on the
     * publisher's thread; must not block on the network for long. The default does nothing.
     */
    default void accessChanged(io.switchboard.domain.topic.Topic topic) {
    }
}
