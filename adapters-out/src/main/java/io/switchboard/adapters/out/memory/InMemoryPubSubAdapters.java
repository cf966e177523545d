package io.switchboard.adapters.out.memory;

import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.adapters.out.pubsub.Hub;
import io.switchboard.adapters.out.pubsub.HubFactory;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.SubscriberCounter;

/** Public factory of the in-process pub/sub, for bootstrap (the default when REDIS_URL is unset). */
public final class InMemoryPubSubAdapters {
    private InMemoryPubSubAdapters() {
    }

    /**
     * A pub/sub for one process: a {@link Hub} alone (no broker); {@code encoder} turns each publication's frames
     * into text, once per publication, and not at all when nobody matches.
     */
    public static PubSub pubSub(FrameEncoder encoder, Metrics metrics) {
        return new Hub(encoder, metrics);
    }

    /**
     * A pub/sub for one process that keeps the history of the topics {@code history} names (memory mode with
     * history): read it through {@link #history(PubSub)}.
     */
    public static PubSub pubSub(FrameEncoder encoder, Metrics metrics, HistorySettings history, Clock clock) {
        return HubFactory.withHistory(encoder, metrics, history, clock);
    }

    /** The history of a pub/sub made by {@link #pubSub(FrameEncoder, Metrics, HistorySettings, Clock)}. */
    public static TopicHistory history(PubSub pubSub) {
        return HubFactory.historyOf(pubSub);
    }

    /** The subscriber counts of a pub/sub made by {@link #pubSub}. */
    public static SubscriberCounter subscriberCounter(PubSub pubSub) {
        if (!(pubSub instanceof Hub hub)) {
            throw new IllegalArgumentException("not an in-memory pub/sub");
        }
        // One process: its own subscribers are all there are.
        return topic -> {
            Hub.LocalCount local = hub.count(topic);
            return new SubscriberCount(local.connections(), local.owners().size());
        };
    }

    /** The `pubsub` health check of the in-process pub/sub: always up, adapter `memory`, outbox 0. */
    public static HealthCheck healthCheck() {
        return InMemoryHealthChecks.pubSub();
    }
}
