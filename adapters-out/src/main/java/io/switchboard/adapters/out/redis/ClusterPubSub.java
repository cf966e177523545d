package io.switchboard.adapters.out.redis;

import io.switchboard.application.port.out.PubSub;

/** A pub/sub that spans instances, with what health and metrics need to know of its link. */
public interface ClusterPubSub extends PubSub, AutoCloseable {
    /** Both Redis connections (publishing and subscribing) are up. */
    boolean isConnected();

    /** Connected, and every upstream SUBSCRIBE/UNSUBSCRIBE asked for so far has been answered by Redis. */
    boolean upstreamSettled();

    /** Publications waiting for Redis to come back. */
    int outboxSize();

    /** Publications dropped because the outbox was full. */
    long outboxDropped();

    @Override
    void close();
}
