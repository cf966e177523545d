package io.switchboard.application.port.out;

import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.TopicPattern;

import java.util.List;
import java.util.Set;

/**
 * Publish/subscribe over topics (docs/websocket.md, docs/scaling.md). Subscriptions are local: they belong to this
 * process's subscribers (its WebSocket connections). A publication reaches every matching subscriber, here and, for a
 * distributed implementation, on every other instance, each subscriber at most once however many of its patterns
 * match.
 *
 * <p>This port does no authorisation: callers check topic authorisation (the AuthorizeTopicUseCase in-port)
 * first. Subscription calls are cheap and never block on the network; a distributed implementation updates its
 * upstream subscriptions in the background when a pattern gets its first local subscriber or loses its last one.
 */
public interface PubSub {
    /**
     * Publishes to every subscriber whose pattern matches {@code publication.topic()}. Never blocks on a subscriber
     * (see {@link Subscriber}); frames are encoded at most once per publication (see {@link Delivery}).
     */
    void publish(Publication publication);

    /**
     * Publishes the publications of one event (e.g. a message on its channel topic and on its sender's and
     * recipient's topics). A subscriber matching several of them receives only the first it matches, so a
     * connection gets each event at most once however many of its subscriptions match (docs/websocket.md).
     */
    void publishAll(List<Publication> publications);

    /** @return true if added, false if {@code subscriber} already had exactly this pattern */
    boolean subscribe(TopicPattern pattern, Subscriber subscriber);

    /** @return true if removed, false if {@code subscriber} did not have exactly this pattern */
    boolean unsubscribe(TopicPattern pattern, Subscriber subscriber);

    /**
     * Drops every subscription of {@code subscriber}; call it when its connection closes.
     *
     * @return the patterns it had
     */
    Set<TopicPattern> unsubscribeAll(Subscriber subscriber);

    /**
     * This process's subscribers whose subscriptions match {@code topic} (a new set the caller owns): for checks
     * that concern the connections here, such as ending the subscriptions of a revoked channel member.
     */
    default Set<Subscriber> localSubscribers(io.switchboard.domain.topic.Topic topic) {
        return Set.of();
    }

    /** How many (pattern, subscriber) pairs are registered here: for metrics, health and leak checks. */
    int subscriptionCount();
}
