package io.switchboard.application.publish;

/**
 * Who would receive a publication on a topic now, on every instance ({@code GET /api/topics/{topic}/subscribers},
 * docs/api.md): the connections with at least one subscription (exact or pattern) that matches it, and the distinct
 * users behind them.
 */
public record SubscriberCount(long connections, long users) {
}
