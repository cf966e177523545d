package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.SubscriberCounter;

/**
 * A pub/sub that spans instances, with what health and metrics need to know of its link, and subscriber counts over
 * every instance.
 */
public interface ClusterPubSub extends PubSub, SubscriberCounter, AutoCloseable {
    /** Both Redis connections (publishing and subscribing) are up. */
    boolean isConnected();

    /** Connected, and every upstream SUBSCRIBE/UNSUBSCRIBE asked for so far has been answered by Redis. */
    boolean upstreamSettled();

    /**
     * Publications waiting in the outbox: Redis is away, or a PUBLISH failed (timed out, queue full) and the
     * outbox is sent again once Redis takes publications again.
     */
    int outboxSize();

    /** The size of what waits in the outbox (channel and payload characters; one byte each for ASCII JSON). */
    long outboxBytes();

    /** How long the oldest publication in the outbox has waited, in milliseconds; 0 when the outbox is empty. */
    long outboxOldestMillis();

    /** Publications dropped because the outbox was full (by count or by bytes). */
    long outboxDropped();

    /** The size of the messages received from Redis and waiting for the local fan-out (as {@link #outboxBytes}). */
    long inboundBytes();

    /** Messages received from Redis and dropped because the inbound queue was full (by count or by bytes). */
    long inboundDropped();

    /** Per shard (Redis Cluster): each master and its probe's age in ms; empty on one Redis. */
    default java.util.Map<String, Long> shards() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
