package io.switchboard.adapters.out.pubsub;

import io.switchboard.application.publish.SubscriberCount;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.StreamPosition;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pub/sub across instances (docs/scaling.md, docs/redis.md): a {@link Hub} for this instance's subscribers, a
 * {@link Broker} to the others, and between them the {@link PublicationCodec}, the {@link Outbox} (outbound, in
 * order, kept while the broker is away), {@link UpstreamSubscriptions} (what to subscribe to) and the
 * {@link InboundQueue} (received payloads, handed to the hub on one thread).
 *
 * <p>Publishing: the data is encoded once ({@link PublicationCodec#withEncodedData}), the hub delivers locally on the
 * caller's thread, and one payload goes to channel {@code <prefix><topic>}. Receiving: the header is decoded, the
 * payload dropped if it is our own (no echo) or a repeat (it can arrive through an exact channel and a glob, or be
 * sent twice after a timed-out publish: a bounded memory of recent ids), and the hub delivers it with the data kept
 * as raw JSON.
 */
public final class DistributedPubSub implements ClusterPubSub {
    private static final Logger log = LoggerFactory.getLogger(DistributedPubSub.class);
    private static final int RECENT_IDS = 8192;

    private final ChannelNaming naming;
    private final String origin = UUID.randomUUID().toString();
    private final AtomicLong sequence = new AtomicLong();
    private final Metrics metrics;
    private final Broker broker;
    private final PublicationCodec codec;
    private final Hub hub;
    private final UpstreamSubscriptions upstream;
    private final Outbox outbox;
    private final ScheduledExecutorService outboxSender = Executors.newSingleThreadScheduledExecutor(
            daemon("sb-redis-outbox"));
    private final InboundQueue inbound;
    private final SubscriberCounts counts;
    /** Ids of recently received payloads; used on the inbound thread only. */
    private final Map<String, Boolean> recentIds = new LinkedHashMap<>(RECENT_IDS * 2, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    };
    /** What keeps history (none: every topic goes the plain way). */
    private final HistorySettings historySettings;
    private final HistorySequencer sequencer;
    private volatile boolean subscribingUp = true;
    /** The subscribing link went down since start: its next up repairs gaps and sends resyncs. */
    private volatile boolean subscribingWasDown;
    private volatile boolean closed;

    /**
     * Starts {@code broker} (it connects now).
     *
     * @param channelPrefix  prepended to every topic to name its channel (e.g. {@code <keyPrefix>t:})
     * @param controlPrefix  names the control channels of the subscriber counts (e.g. {@code <keyPrefix>ctl:}); no
     *                       topic channel or glob may match it
     * @param outboxLimit    publications kept while the broker is away (oldest dropped past it); 0 keeps none
     * @param outboxMaxBytes bytes kept in the outbox; 0 = no byte bound
     * @param inboundMaxBytes bytes of received payloads waiting for the fan-out; 0 = no byte bound
     */
    public DistributedPubSub(Broker broker, String channelPrefix, String controlPrefix, FrameEncoder encoder,
                             Metrics metrics, int outboxLimit, long outboxMaxBytes, long inboundMaxBytes) {
        this(broker, ChannelNaming.prefixed(channelPrefix), controlPrefix, encoder, metrics, outboxLimit,
                outboxMaxBytes, inboundMaxBytes, null, null);
    }

    /**
     * With the broker's own channel naming (a sharded broker's partition channels: {@code broker} must then answer
     * {@link Broker#supportsGlobs()} as the naming needs) and history (docs/history-and-recovery.md): publications
     * on the topics {@code historySettings} keeps are stored and sent by {@link Broker#publishKept}, and their local
     * delivery goes through a {@link HistorySequencer} that repairs gaps from {@code history}.
     */
    public DistributedPubSub(Broker broker, ChannelNaming naming, String controlPrefix, FrameEncoder encoder,
                             Metrics metrics, int outboxLimit, long outboxMaxBytes, long inboundMaxBytes,
                             HistorySettings historySettings, TopicHistory history) {
        this.broker = broker;
        this.historySettings = historySettings != null && historySettings.enabled() && history != null
                ? historySettings : null;
        this.naming = naming;
        this.metrics = metrics;
        this.codec = new PublicationCodec(encoder);
        this.upstream = new UpstreamSubscriptions(broker, naming,
                Executors.newSingleThreadExecutor(daemon("sb-redis-subscriptions")));
        this.hub = new Hub(encoder, metrics, upstream);
        this.sequencer = this.historySettings == null ? null
                : new HistorySequencer(hub, history, metrics, this.historySettings.replayMax());
        this.outbox = new Outbox(broker, metrics, outboxLimit, outboxMaxBytes, outboxSender);
        this.inbound = new InboundQueue(metrics, inboundMaxBytes, this::receive);
        this.counts = new SubscriberCounts(broker, hub, metrics, controlPrefix, origin, this::isConnected);
        try {
            broker.start(new Broker.Listener() {
                @Override
                public void received(String channel, String payload) {
                    if (counts.handles(channel)) {
                        counts.received(channel, payload);
                        return;
                    }
                    inbound.offer(channel, payload);
                }

                @Override
                public void publishingLink(boolean up) {
                    outbox.linkChanged(up);
                }

                @Override
                public void subscribingLink(boolean up) {
                    subscribingUp = up;
                    if (!up) {
                        subscribingWasDown = true;
                    }
                    if (up) {
                        upstream.resubscribeAll();
                        counts.resubscribe();
                        if (subscribingWasDown) {
                            subscribingWasDown = false;
                            repairAfterInterruption();
                        }
                    }
                }

                @Override
                public void subscriptionsMoved() {
                    if (subscribingUp) {
                        repairAfterInterruption(); // a shard's subscriptions blinked: fill their history gaps
                    }
                }
            });
        } catch (RuntimeException e) {
            stopThreads();
            throw e;
        }
        counts.subscribeNow();
    }

    // ---- PubSub --------------------------------------------------------------------------------------------

    @Override
    public void publish(Publication publication) {
        publishOne(codec.withEncodedData(publication), List.of());
    }

    @Override
    public void publishAll(List<Publication> publications) {
        // The publications of one event usually share one data tree: encode it once for all of them.
        Map<Object, Publication> encoded = new IdentityHashMap<>(2);
        Hub.forEachWithEarlierTopics(publications, (publication, earlier) -> {
            Publication withData = encoded.get(publication.data());
            withData = withData == null ? codec.withEncodedData(publication) : publication.withData(withData.data());
            encoded.putIfAbsent(publication.data(), withData);
            publishOne(withData, earlier);
        });
    }

    @Override
    public Optional<StreamPosition> publishKept(Publication publication) {
        CompletableFuture<StreamPosition> placed = publishOne(codec.withEncodedData(publication), List.of());
        if (placed == null || placed.isCompletedExceptionally()) {
            return Optional.empty(); // no history, or it waits in the outbox (Redis away): its offset comes later
        }
        try {
            return Optional.of(placed.get(broker.publishTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty(); // it waits in the outbox and gets its offset when it is sent
        }
    }

    /** @return for a history topic, its place once stored (never completed if the outbox drops it); else null */
    private CompletableFuture<StreamPosition> publishOne(Publication publication, List<Topic> earlierTopics) {
        metrics.published(publication.eventType());
        PublicationCodec.Envelope envelope = new PublicationCodec.Envelope(origin, sequence.incrementAndGet(),
                earlierTopics, publication, null, null);
        String channel = naming.channel(publication.topic());
        if (historySettings == null || publication.isEphemeral()
                || !historySettings.keeps(publication.topic())) {
            hub.deliver(publication, earlierTopics);
            outbox.send(channel, codec.encode(envelope));
            return null;
        }
        // A history topic: the script assigns the offset, stores and sends; local subscribers get the publication
        // with its offset through the sequencer. While the outbox holds publications (Redis away) local delivery
        // goes on at once, without an offset, and the later script run only moves the cursor.
        PublicationCodec.Parts parts = codec.encodeParts(envelope);
        CompletableFuture<StreamPosition> placed = new CompletableFuture<>();
        Broker.Kept kept = new Broker.Kept(publication.topic().value(), channel, parts.head(), parts.tail(),
                envelope.id().replace(' ', '/'), publication.timestamp().toEpochMilli());
        boolean direct = outbox.sendKept(kept, (position, heldAtSend) -> {
            sequencer.offer(publication.at(position), earlierTopics, !heldAtSend, heldAtSend ? kept.id() : null);
            placed.complete(position);
        }, () -> sequencer.deliveredBeforeStored(kept.id()));
        if (!direct) {
            hub.deliver(publication, earlierTopics);
            return CompletableFuture.failedFuture(new IllegalStateException("held in the outbox"));
        }
        return placed;
    }

    /**
     * After the subscribing link was interrupted: history topics get what they missed from their streams (the
     * sequencer), and subscribers of patterns that do not wholly keep history get a {@code resync}.
     */
    private void repairAfterInterruption() {
        if (sequencer != null) {
            sequencer.repairAll(upstream::settled);
        }
        HistorySettings settings = historySettings;
        hub.resync(pattern -> settings == null || !settings.keepsAll(pattern), "BROKER_RECONNECTED");
    }

    /** A recovered subscriber's position: where the sequencer starts the topic if it tracks nothing yet. */
    @Override
    public void recovered(Topic topic, StreamPosition position) {
        if (sequencer != null) {
            sequencer.seed(topic, position);
        }
    }

    @Override
    public boolean subscribe(TopicPattern pattern, Subscriber subscriber) {
        return hub.subscribe(pattern, subscriber);
    }

    @Override
    public boolean unsubscribe(TopicPattern pattern, Subscriber subscriber) {
        return hub.unsubscribe(pattern, subscriber);
    }

    @Override
    public Set<TopicPattern> unsubscribeAll(Subscriber subscriber) {
        return hub.unsubscribeAll(subscriber);
    }

    @Override
    public int subscriptionCount() {
        return hub.subscriptionCount();
    }

    @Override
    public Set<Subscriber> localSubscribers(io.switchboard.domain.topic.Topic topic) {
        return hub.localSubscribers(topic);
    }

    /** This instance's subscribers and every other instance's, asked over the broker ({@link SubscriberCounts}). */
    @Override
    public SubscriberCount count(Topic topic) {
        return counts.count(topic);
    }

    // ---- inbound -------------------------------------------------------------------------------------------

    /** On the inbound thread: decode the header, drop our own and repeats, hand the rest to the hub. */
    private void receive(String channel, String payload) {
        PublicationCodec.Envelope envelope;
        try {
            envelope = codec.decode(payload);
        } catch (PublicationCodec.Malformed e) {
            metrics.wsDropped("redis_malformed");
            log.warn("dropped a message from Redis channel {}: {}", channel, e.getMessage());
            return;
        }
        if (origin.equals(envelope.origin()) || recentIds.put(envelope.id(), Boolean.TRUE) != null) {
            return; // our own (already delivered locally), or a repeat through another upstream subscription
        }
        if (sequencer != null && envelope.publication().position() != null) {
            sequencer.offer(envelope.publication(), envelope.earlierTopics(), true, null);
            return;
        }
        hub.deliver(envelope.publication(), envelope.earlierTopics());
    }

    // ---- health --------------------------------------------------------------------------------------------

    /** Both links are up (the subscribing one matters for readiness: without it remote events are missed). */
    @Override
    public boolean isConnected() {
        return outbox.linkUp() && subscribingUp && !closed;
    }

    @Override
    public boolean upstreamSettled() {
        return upstream.settled() && isConnected();
    }

    @Override
    public int outboxSize() {
        return outbox.size();
    }

    @Override
    public long outboxBytes() {
        return outbox.bytes();
    }

    @Override
    public long outboxOldestMillis() {
        return outbox.oldestMillis();
    }

    @Override
    public long outboxDropped() {
        return outbox.dropped();
    }

    @Override
    public long inboundBytes() {
        return inbound.bytes();
    }

    @Override
    public java.util.Map<String, Long> shards() {
        return broker.shards();
    }

    @Override
    public long inboundDropped() {
        return inbound.dropped();
    }

    /** Upstream channels and globs currently wanted, for tests. */
    int upstreamSubscriptions() {
        return upstream.size();
    }

    /** The routing table, for tests. */
    Hub hub() {
        return hub;
    }

    @Override
    public void close() {
        closed = true;
        stopThreads();
        broker.close();
    }

    private void stopThreads() {
        if (sequencer != null) {
            sequencer.close();
        }
        upstream.close();
        outbox.close();
        outboxSender.shutdownNow();
        inbound.close();
        counts.close();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
