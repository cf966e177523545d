package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.realtime.StreamPosition;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Moves encoded publications between instances; knows nothing of topics, subscribers or frames. The
 * {@link DistributedPubSub} names channels and globs, encodes payloads ({@link PublicationCodec}), and decides what
 * to (un)subscribe ({@link UpstreamSubscriptions}); a broker only carries text (UTF-8 on the wire) and reports
 * what arrives and whether its links are up. {@code RedisBroker} is the Redis one (PUBLISH, SUBSCRIBE, PSUBSCRIBE).
 *
 * <p><b>Extension points.</b>
 * <ul>
 *   <li>History (offset and epoch per topic, assigned atomically with the publish): a broker whose
 *       {@link #publish} runs one script that stores the payload and PUBLISHes it in the same step (Redis: EVALSHA of
 *       a Lua script doing INCR/XADD then PUBLISH) has the same signature; the offset it assigns comes back in the
 *       future's value, and the codec already has room for offset and epoch.</li>
 *   <li>Redis Cluster (sharded pub/sub): a broker on SPUBLISH/SSUBSCRIBE implements {@link #publish},
 *       {@link #subscribe} and {@link #unsubscribe} on shard channels. Sharded pub/sub has no globs, so such a broker
 *       answers {@link #supportsGlobs()} false and the pub/sub maps topics to a fixed number of partition channels
 *       (exact names) instead of globs.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {
    /** What a broker reports, on its I/O threads: implementations only hand over, never block. */
    interface Listener {
        /** A payload arrived on {@code channel} (through an exact subscription or a glob). */
        void received(String channel, String payload);

        /** The publishing link went up or down. */
        void publishingLink(boolean up);

        /** The subscribing link went up or down; after up, the subscriptions must be issued again. */
        void subscribingLink(boolean up);

        /**
         * Some subscriptions that were in place were interrupted and are in place again (a sharded broker that
         * followed a failover or a slot migration), while the link as a whole stayed up: publications made
         * meanwhile may be missing here, as after {@code subscribingLink(true)}, but nothing needs re-issuing.
         */
        default void subscriptionsMoved() {
        }
    }

    /** Connects and starts reporting to {@code listener}; called once, before anything else. */
    void start(Listener listener);

    /**
     * Sends one payload to every instance subscribed to {@code channel}. Never blocks: the future completes when
     * the broker took it (or fails: link down, timed out, request queue full). Calls made one after the other on
     * one thread reach the broker in that order.
     */
    CompletableFuture<?> publish(String channel, String payload);

    /**
     * A publication on a topic that keeps history (docs/history-and-recovery.md): {@link #publishKept} assigns its
     * offset, stores {@code head + offset + "\n" + epoch + "\n" + tail} in the topic's stream and sends that
     * payload on {@code channel}, all in one step.
     *
     * @param id          unique per publication (origin and sequence): a retry of a publication that may already
     *                    have been stored is recognised by it
     * @param timestampMs the publication's timestamp (pattern recovery reads by it)
     */
    record Kept(String topic, String channel, String head, String tail, String id, long timestampMs) {
    }

    /**
     * Stores and sends a history topic's publication in one step; the future's value is its place in the stream.
     * {@code retry} is true when it may have been stored already (an earlier attempt failed or timed out): the
     * broker then answers the place it got rather than storing it twice.
     *
     * @throws UnsupportedOperationException when this broker keeps no history
     */
    default CompletableFuture<StreamPosition> publishKept(Kept kept, boolean retry) {
        throw new UnsupportedOperationException("this broker keeps no history");
    }

    /** How long a publish may take before the caller gives up on it (it may still have happened). */
    Duration publishTimeout();

    CompletableFuture<?> subscribe(Collection<String> channels);

    CompletableFuture<?> unsubscribe(Collection<String> channels);

    /** Whether {@link #subscribeGlobs} works (Redis PSUBSCRIBE yes; sharded pub/sub no). */
    default boolean supportsGlobs() {
        return true;
    }

    /** Subscribes to every channel matching one of {@code globs} ({@code *} any characters). */
    CompletableFuture<?> subscribeGlobs(Collection<String> globs);

    CompletableFuture<?> unsubscribeGlobs(Collection<String> globs);

    /**
     * Per shard of a sharded broker: each shard's name and how long ago its end-to-end probe last came back (ms);
     * empty for a broker without shards.
     */
    default java.util.Map<String, Long> shards() {
        return java.util.Map.of();
    }

    @Override
    void close();
}
