package io.switchboard.adapters.out.memory;

import io.switchboard.adapters.out.pubsub.LocalFanout;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.port.out.Publication;
import io.switchboard.application.port.out.Subscriber;
import io.switchboard.application.port.out.SubscriberCounter;
import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.util.List;
import java.util.Set;

/**
 * Pub/sub inside one process: every publication goes to the matching local subscribers through a
 * {@link LocalFanout}, each once, on the publisher's thread, with the frame encoded at most once per publication
 * (and not at all when nobody matches).
 */
final class InMemoryPubSub implements PubSub, SubscriberCounter {
    private final Metrics metrics;
    private final LocalFanout fanout;

    InMemoryPubSub(FrameEncoder encoder, Metrics metrics) {
        this.metrics = metrics;
        this.fanout = new LocalFanout(encoder, metrics, SubscriptionIndex.Listener.NONE);
    }

    @Override
    public void publish(Publication publication) {
        metrics.published(publication.eventType());
        fanout.deliver(publication, List.of());
    }

    @Override
    public void publishAll(List<Publication> publications) {
        LocalFanout.forEachWithEarlierTopics(publications, (publication, earlier) -> {
            metrics.published(publication.eventType());
            fanout.deliver(publication, earlier);
        });
    }

    @Override
    public boolean subscribe(TopicPattern pattern, Subscriber subscriber) {
        return fanout.subscribe(pattern, subscriber);
    }

    @Override
    public boolean unsubscribe(TopicPattern pattern, Subscriber subscriber) {
        return fanout.unsubscribe(pattern, subscriber);
    }

    @Override
    public Set<TopicPattern> unsubscribeAll(Subscriber subscriber) {
        return fanout.unsubscribeAll(subscriber);
    }

    /** One process: its own subscribers are all there are. */
    @Override
    public Counts count(Topic topic) {
        LocalFanout.LocalCount local = fanout.count(topic);
        return new Counts(local.connections(), local.owners().size());
    }

    @Override
    public int subscriptionCount() {
        return fanout.subscriptionCount();
    }

    /** For tests: the routing table. */
    SubscriptionIndex<Subscriber> index() {
        return fanout.index();
    }
}
