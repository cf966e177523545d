package io.switchboard.application.port.out;

import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.TopicPattern;

import io.switchboard.application.realtime.StreamPosition;

import java.util.List;
import java.util.Optional;
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
     * As {@link #publish}, and tells the publication's place in its topic's history (docs/history-and-recovery.md):
     * empty when the topic keeps no history, or when its place is not known yet (Redis away: the publication waits
     * in the outbox and gets its offset when it is sent).
     */
    default Optional<StreamPosition> publishKept(Publication publication) {
        publish(publication);
        return Optional.empty();
    }

    /**
     * Publishes the publications of one event (e.g. a message on its channel topic and on its sender's and
     * recipient's topics). A subscriber matching several of them receives only the first it matches, so a
     * connection gets each event at most once however many of its subscriptions match (docs/websocket.md).
     */
    void publishAll(List<Publication> publications);

    /**
     * A subscriber of this process recovered {@code topic} from its history up to {@code position} (after it
     * subscribed): a distributed implementation may start tracking the topic's offsets there. By default nothing.
     */
    default void recovered(io.switchboard.domain.topic.Topic topic, StreamPosition position) {
    }

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
