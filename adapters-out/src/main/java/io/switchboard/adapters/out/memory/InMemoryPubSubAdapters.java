package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.SubscriberCounter;

/** Public factory of the in-process pub/sub, for bootstrap (the default when REDIS_URL is unset). */
public final class InMemoryPubSubAdapters {
    private InMemoryPubSubAdapters() {
    }

    /** A pub/sub for one process; {@code encoder} turns each publication's frames into text, once per publication. */
    public static PubSub pubSub(FrameEncoder encoder, Metrics metrics) {
        return new InMemoryPubSub(encoder, metrics);
    }

    /** The subscriber counts of a pub/sub made by {@link #pubSub}. */
    public static SubscriberCounter subscriberCounter(PubSub pubSub) {
        if (!(pubSub instanceof InMemoryPubSub inMemory)) {
            throw new IllegalArgumentException("not an in-memory pub/sub");
        }
        return inMemory;
    }

    /** The `pubsub` health check of the in-process pub/sub: always up, adapter `memory`, outbox 0. */
    public static HealthCheck healthCheck() {
        return InMemoryHealthChecks.pubSub();
    }
}
