package io.switchboard.application.port.out;

import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.domain.topic.Topic;

/**
 * Counts who would receive a publication on a topic now, on every instance (docs/api.md,
 * {@code GET /api/topics/{topic}/subscribers}).
 */
public interface SubscriberCounter {
    /**
     * @return the connections with at least one subscription (exact or pattern) that matches {@code topic}, and the
     *         distinct users behind them ({@link io.switchboard.application.realtime.Subscriber#ownerId()})
     * @throws io.switchboard.domain.failure.ServiceUnavailable when the other instances cannot be asked
     */
    SubscriberCount count(Topic topic);
}
