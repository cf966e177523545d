package io.switchboard.adapters.out.memory;

import io.switchboard.application.port.out.Delivery;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.Publication;
import io.switchboard.application.port.out.Subscriber;
import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    InMemoryPubSub(FrameEncoder encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    @Override
    public void publish(Publication publication) {
        Set<Subscriber> subscribers = index.match(publication.topic());
        if (subscribers.isEmpty()) {
            return;
        }
        Delivery delivery = new Delivery(publication, encoder);
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.deliver(delivery);
            } catch (RuntimeException e) {
                LOG.warn("a subscriber failed to take a publication on {}", publication.topic(), e);
            }
        }
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

    /** For tests and health: the routing table's size. */
    SubscriptionIndex<Subscriber> index() {
        return index;
    }
}
