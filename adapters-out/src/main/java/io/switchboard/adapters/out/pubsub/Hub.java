package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The hub: this process's subscribers in a {@link SubscriptionIndex}, and the hand-off of one {@link Delivery} per
 * publication to each matching subscriber, on the caller's thread. Alone it is the pub/sub of one process (memory
 * mode); {@link DistributedPubSub} puts a {@link Broker} beside it to reach the other instances. Subscribers must not
 * block (see {@link Subscriber}); one that throws is logged and skipped.
 *
 * <p>An event published on several topics (a message on its channel and users' topics) must reach a subscriber
 * once: a publication may name the topics published before it for the same event ({@code earlierTopics}), and a
 * subscriber matching one of those is skipped here because it got the event there. This needs no state, so it
 * works the same for publications that arrive one by one from another instance.
 *
 * <p>A publication with an {@link Publication.Ordering} is delivered only if its version is higher than the last one
 * delivered here for the same key on the same topic; an older one is dropped (metrics: dropped, reason
 * {@code stale}). The check and the hand-off happen under one lock per (topic, key), so two threads publishing
 * adjacent versions cannot hand them to a subscriber in the wrong order. The memory of versions is bounded
 * ({@link #ORDERING_KEYS} keys, least recently used forgotten first); it is kept only for publications that found
 * subscribers here.
 */
public final class Hub implements PubSub {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** How many (topic, ordering key) pairs remember their last delivered version. */
    static final int ORDERING_KEYS = 65_536;

    /** The last version delivered for one (topic, ordering key); its monitor orders check and hand-off. */
    private static final class Delivered {
        long version = Long.MIN_VALUE;
    }

    private final Map<String, Delivered> lastVersions = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Delivered> eldest) {
            return size() > ORDERING_KEYS;
        }
    };

    private final SubscriptionIndex<Subscriber> index;
    private final Function<Object, String> encoder;
    private final Metrics metrics;
    /** The history of memory mode, or null (no history, or the hub of a DistributedPubSub, whose broker keeps it). */
    private final MemoryHistory history;

    /** A hub alone: the pub/sub of one process. */
    public Hub(FrameEncoder encoder, Metrics metrics) {
        this(encoder, metrics, SubscriptionIndex.Listener.NONE);
    }

    /** A hub alone that keeps the history of one process (memory mode). */
    Hub(FrameEncoder encoder, Metrics metrics, MemoryHistory history) {
        this(encoder, metrics, SubscriptionIndex.Listener.NONE, history);
    }

    /** @param listener told when a pattern gets its first or loses its last subscriber (upstream bookkeeping) */
    public Hub(FrameEncoder encoder, Metrics metrics, SubscriptionIndex.Listener listener) {
        this(encoder, metrics, listener, null);
    }

    private Hub(FrameEncoder encoder, Metrics metrics, SubscriptionIndex.Listener listener, MemoryHistory history) {
        this.history = history;
        this.index = new SubscriptionIndex<>(listener);
        this.encoder = Objects.requireNonNull(encoder, "encoder")::encode;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void publish(Publication publication) {
        publishKept(publication);
    }

    @Override
    public Optional<StreamPosition> publishKept(Publication publication) {
        metrics.published(publication.eventType());
        return deliverKept(publication, List.of());
    }

    @Override
    public void publishAll(List<Publication> publications) {
        forEachWithEarlierTopics(publications, (publication, earlier) -> {
            metrics.published(publication.eventType());
            deliverKept(publication, earlier);
        });
    }

    /** Memory mode: a history topic's publication gets its offset, is stored and delivered under the stream's lock. */
    private Optional<StreamPosition> deliverKept(Publication publication, List<Topic> earlierTopics) {
        if (history == null || publication.isEphemeral() || !history.keeps(publication.topic())) {
            deliver(publication, earlierTopics);
            return Optional.empty();
        }
        StreamPosition[] placedAt = new StreamPosition[1];
        history.append(publication, placed -> {
            placedAt[0] = placed.position();
            deliver(placed, earlierTopics);
        });
        return Optional.of(placedAt[0]);
    }

    /**
     * Tells every subscriber that has patterns not wholly kept in history ({@code needsResync}) that it may have
     * missed events on them.
     */
    public void resync(java.util.function.Predicate<TopicPattern> needsResync, String reason) {
        for (Subscriber subscriber : index.subscribers()) {
            List<TopicPattern> missed = new ArrayList<>();
            for (TopicPattern pattern : index.patternsOf(subscriber)) {
                if (needsResync.test(pattern)) {
                    missed.add(pattern);
                }
            }
            if (!missed.isEmpty()) {
                try {
                    subscriber.resync(missed, reason);
                } catch (RuntimeException e) {
                    log.warn("a subscriber failed to take a resync", e);
                }
            }
        }
    }

    /**
     * Walks the publications of one event in order, handing each the topics published before it, which is what
     * {@link #deliver} needs to reach each subscriber once.
     */
    public static void forEachWithEarlierTopics(List<Publication> publications,
                                                BiConsumer<Publication, List<Topic>> action) {
        List<Topic> earlier = new ArrayList<>(publications.size());
        for (Publication publication : publications) {
            action.accept(publication, List.copyOf(earlier));
            earlier.add(publication.topic());
        }
    }

    /**
     * Delivers a publication (made here, or arrived from another instance) to the local subscribers that did not
     * get the same event on an earlier topic. Nothing is encoded when nobody matches.
     */
    public void deliver(Publication publication, List<Topic> earlierTopics) {
        Set<Subscriber> subscribers = index.match(publication.topic());
        if (subscribers.isEmpty()) {
            return;
        }
        Delivery delivery = new Delivery(publication, encoder);
        Publication.Ordering ordering = delivery.publication().ordering();
        if (ordering == null) {
            handOver(delivery, earlierTopics, subscribers);
            return;
        }
        Delivered last = lastDelivered(delivery.topic().value() + ' ' + ordering.key());
        synchronized (last) {
            if (ordering.version() <= last.version) {
                metrics.wsDropped("stale");
                return;
            }
            last.version = ordering.version();
            // the subscribers as of now: one that subscribed while we waited for the lock gets this one too
            handOver(delivery, earlierTopics, index.match(delivery.topic()));
        }
    }

    private Delivered lastDelivered(String key) {
        synchronized (lastVersions) {
            return lastVersions.computeIfAbsent(key, k -> new Delivered());
        }
    }

    private void handOver(Delivery delivery, List<Topic> earlierTopics, Set<Subscriber> subscribers) {
        int delivered = 0;
        for (Subscriber subscriber : subscribers) {
            if (!earlierTopics.isEmpty() && servedEarlier(subscriber, earlierTopics)) {
                continue;
            }
            try {
                subscriber.deliver(delivery);
                delivered++;
            } catch (RuntimeException e) {
                log.warn("a subscriber failed to take a publication on {}", delivery.topic(), e);
            }
        }
        metrics.delivered(delivered);
    }

    private boolean servedEarlier(Subscriber subscriber, List<Topic> earlierTopics) {
        Set<TopicPattern> patterns = index.patternsOf(subscriber);
        for (Topic earlier : earlierTopics) {
            for (TopicPattern pattern : patterns) {
                if (pattern.matches(earlier)) {
                    return true;
                }
            }
        }
        return false;
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

    @Override
    public Set<Subscriber> localSubscribers(Topic topic) {
        return index.match(topic);
    }

    /** Who here would receive a publication on {@code topic}: the matching subscribers and their distinct owners. */
    public LocalCount count(Topic topic) {
        Set<Subscriber> subscribers = Set.copyOf(index.match(topic)); // a snapshot: its size and owners agree
        Set<String> owners = new HashSet<>();
        for (Subscriber subscriber : subscribers) {
            String owner = subscriber.ownerId();
            if (owner != null) {
                owners.add(owner);
            }
        }
        return new LocalCount(subscribers.size(), owners);
    }

    /** This process's share of a subscriber count: connections, and the users behind them. */
    public record LocalCount(int connections, Set<String> owners) {
    }

    /** The memory-mode history, or null. */
    MemoryHistory history() {
        return history;
    }

    /** The routing table, for tests and health. */
    public SubscriptionIndex<Subscriber> index() {
        return index;
    }
}
