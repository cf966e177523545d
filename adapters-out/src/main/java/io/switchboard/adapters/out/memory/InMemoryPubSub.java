package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Delivery;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.Publication;
import io.switchboard.application.port.out.Subscriber;
import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Pub/sub inside one process: a {@link SubscriptionIndex} routes each publication to the matching local subscribers,
 * each once, on the publisher's thread. One {@link Delivery} per publication is handed to all of them, so a frame
 * is encoded at most once per publication (and not at all when nobody matches). Subscribers must not block (see
 * {@link Subscriber}): this class calls them one after the other and never waits for them otherwise. A subscriber
 * that throws is logged and skipped; the others still get the publication.
 */
final class InMemoryPubSub implements PubSub {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryPubSub.class);

    private final SubscriptionIndex<Subscriber> index = new SubscriptionIndex<>();
    private final FrameEncoder encoder;
    private final Metrics metrics;

    InMemoryPubSub(FrameEncoder encoder, Metrics metrics) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void publish(Publication publication) {
        metrics.published(publication.eventType());
        Set<Subscriber> subscribers = index.match(publication.topic());
        if (!subscribers.isEmpty()) {
            deliver(publication, subscribers, null);
        }
    }

    @Override
    public void publishAll(List<Publication> publications) {
        if (publications.size() == 1) {
            publish(publications.get(0));
            return;
        }
        Set<Subscriber> served = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Publication publication : publications) {
            metrics.published(publication.eventType());
            Set<Subscriber> subscribers = index.match(publication.topic());
            if (!subscribers.isEmpty()) {
                deliver(publication, subscribers, served);
            }
        }
    }

    /** Hands one Delivery to every subscriber not in {@code served} (null: no earlier publication of the event). */
    private void deliver(Publication publication, Set<Subscriber> subscribers, Set<Subscriber> served) {
        Delivery delivery = new Delivery(publication, encoder);
        int delivered = 0;
        for (Subscriber subscriber : subscribers) {
            if (served != null && !served.add(subscriber)) {
                continue;
            }
            try {
                subscriber.deliver(delivery);
                delivered++;
            } catch (RuntimeException e) {
                LOG.warn("a subscriber failed to take a publication on {}", publication.topic(), e);
            }
        }
        metrics.delivered(delivered);
    }

    @Override
    public boolean subscribe(TopicPattern pattern, Subscriber subscriber) {
        return index.add(pattern, subscriber);
    }

    @Override
    public boolean unsubscribe(TopicPattern pattern, Subscriber subscriber) {
        return index.remove(pattern, subscriber);
    }

    @Override
    public Set<TopicPattern> unsubscribeAll(Subscriber subscriber) {
        return index.removeAll(subscriber);
    }

    @Override
    public int subscriptionCount() {
        return index.size();
    }

    /** For tests and health: the routing table's size. */
    SubscriptionIndex<Subscriber> index() {
        return index;
    }
}
