package io.switchboard.adapters.out.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.switchboard.adapters.out.pubsub.LocalFanout;
import io.switchboard.application.port.out.Delivery;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.Publication;
import io.switchboard.application.port.out.Subscriber;
import io.switchboard.domain.failure.ServiceUnavailable;
import io.switchboard.domain.topic.SubscriptionIndex;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pub/sub across instances through Redis (docs/scaling.md).
 *
 * <ul>
 *   <li>A publication goes straight to this instance's own subscribers ({@link LocalFanout}) and, through one
 *       PUBLISH on channel {@code <prefix>t:<topic>}, to the other instances. Messages carry their origin, so an
 *       instance ignores its own (no echo, no double delivery).</li>
 *   <li>This instance subscribes in Redis only to what its clients need: an exact topic with SUBSCRIBE, a wildcard
 *       pattern with PSUBSCRIBE on a glob that covers it (the literal prefix up to the first wildcard, then
 *       {@code *}); arriving messages are matched locally with the same topic index. Upstream subscriptions are
 *       reference-counted and dropped when the last local subscriber leaves.</li>
 *   <li>One message can arrive more than once when several upstream subscriptions match it (an exact channel and a
 *       glob, or two globs); a short memory of recent message ids drops the repeats.</li>
 *   <li>Order per topic: one publishing connection (Redis keeps its order), one receiving connection, and one
 *       thread that hands received messages to local subscribers in arrival order.</li>
 *   <li>Redis down: local delivery goes on; publications wait in a bounded outbox (oldest dropped past the bound,
 *       counted) and are sent in order {@link #OUTBOX_FLUSH_GRACE_MS} after the publishing connection is back, so
 *       that the other instances have restored their subscriptions; upstream subscriptions are issued again when
 *       the receiving connection is back.</li>
 *   <li>A PUBLISH that fails while the connection stays up (timed out, request queue full) puts it in the outbox
 *       too, and every later publication queues behind it. The outbox is tried again every
 *       {@link #OUTBOX_RETRY_MS}: its oldest entry alone probes the path, and once Redis takes it the rest follows
 *       in pipelined batches, in order; direct sends resume when it is empty. A timed-out PUBLISH may still have
 *       run in Redis, so the other instances may get it twice; they drop the repeat by its id.</li>
 *   <li>Both queues are bounded in count and in bytes (the characters of channel and payload): the outbox drops
 *       its oldest, the inbound queue (messages from Redis waiting for the local fan-out) refuses new arrivals; both
 *       count what they drop and log once per episode.</li>
 * </ul>
 */
final class RedisPubSub implements ClusterPubSub {
    private static final Logger log = LoggerFactory.getLogger(RedisPubSub.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** v2: id, earlier topics, ordering ("key version" or empty), frame; v1 (no ordering) is still read. */
    private static final String VERSION = "v2";
    private static final String VERSION_WITHOUT_ORDERING = "v1";
    private static final int RECENT_IDS = 8192;
    private static final int INBOUND_QUEUE = 65_536;
    /**
     * How long after a reconnect the outbox waits before it is sent. Redis pub/sub keeps nothing for absent
     * subscribers, so publishing the backlog the instant this instance is back would lose it for instances whose
     * subscriptions are not restored yet; they reconnect on the same back-off (at most 1 s apart).
     */
    static final long OUTBOX_FLUSH_GRACE_MS = 2_000;
    /** How often a failing outbox is tried again while the publishing connection stays up. */
    static final long OUTBOX_RETRY_MS = 250;
    /** Publications sent at once (pipelined) while the outbox drains, once the first one went through. */
    private static final int OUTBOX_BATCH = 256;
    /** How long a subscriber count waits for the other instances' answers. */
    static final long COUNT_TIMEOUT_MS = 500;
    /** The most user ids one instance sends in its answer to a count; beyond, it sends how many more there are. */
    static final int COUNT_MAX_USER_IDS = 10_000;
    private static final int CONTROL_QUEUE = 1024;

    private final String channelPrefix;
    private final String origin = UUID.randomUUID().toString();
    /** Control channels of the subscriber counts: requests to every instance, and this instance's replies. */
    private final String countRequests;
    private final String countReplies;
    private final Map<String, CountCollector> pendingCounts = new ConcurrentHashMap<>();
    /**
     * Answers and collects count requests off Netty's threads; bounded: a control message that finds it full is
     * dropped and counted ({@code switchboard_ws_dropped_total{reason="control_overflow"}}), the asker then counts
     * without that instance.
     */
    private final ThreadPoolExecutor control;
    private final AtomicLong sequence = new AtomicLong();
    private final Metrics metrics;
    private final LocalFanout fanout;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> receiver;
    private final int outboxLimit;
    private final long outboxMaxBytes;
    private final long inboundMaxBytes;

    /** Upstream subscriptions wanted: channel or glob -> how many local patterns need it. Guarded by itself. */
    private final Map<String, Integer> wantedChannels = new HashMap<>();
    private final Map<String, Integer> wantedGlobs = new HashMap<>();
    /** Issues SUBSCRIBE/UNSUBSCRIBE in the order the index asked, off the index's lock and Netty's threads. */
    private final ScheduledExecutorService upstream =
            Executors.newSingleThreadScheduledExecutor(daemon("sb-redis-subscriptions"));
    /** Upstream (un)subscribe operations queued or running. */
    private final AtomicInteger upstreamPending = new AtomicInteger();

    private final BlockingQueue<String[]> inbound = new ArrayBlockingQueue<>(INBOUND_QUEUE);
    private final AtomicLong inboundBytes = new AtomicLong();
    private final AtomicLong inboundDropped = new AtomicLong();
    /** Whether the current inbound overflow was logged (once per episode: until the queue is empty again). */
    private volatile boolean inboundOverflowLogged;
    private final Thread inboundThread;
    private final Map<String, Boolean> recentIds = new LinkedHashMap<>(RECENT_IDS * 2, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    };

    /** Publications waiting for Redis, in send order. Guarded by itself, as are the next four fields. */
    private final Deque<Pending> outbox = new ArrayDeque<>();
    private long outboxBytes;
    /** The send order of publications; a failed one goes back into the outbox at its place. */
    private long sendSequence;
    /** Whether the current backlog and the current overflow were logged (once per episode: until the outbox empties). */
    private boolean backlogLogged;
    private boolean overflowLogged;
    /**
     * PUBLISHes sent directly and not answered yet: the outbox is not sent before they are, to keep the order.
     * Raised under the outbox lock (only while the outbox is empty); a failed one is kept before it is lowered.
     */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong outboxDropped = new AtomicLong();
    /** Sends the outbox, off Netty's threads and off the upstream subscriptions' thread. */
    private final ScheduledExecutorService outboxSender =
            Executors.newSingleThreadScheduledExecutor(daemon("sb-redis-outbox"));
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** No outbox send before this {@link System#nanoTime()} (the grace after a reconnect). */
    private volatile long flushNotBefore = System.nanoTime();
    private volatile boolean publisherUp = true;
    private volatile boolean receiverUp = true;
    private volatile boolean closed;

    RedisPubSub(RedisClient client, String keyPrefix, FrameEncoder encoder, Metrics metrics, int outboxLimit,
                long outboxMaxBytes, long inboundMaxBytes) {
        this.channelPrefix = keyPrefix + "t:";
        this.countRequests = keyPrefix + "ctl:count";
        this.countReplies = keyPrefix + "ctl:count-reply:" + origin;
        this.control = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CONTROL_QUEUE),
                daemon("sb-redis-control"), (task, executor) -> {
                    if (!executor.isShutdown()) {
                        metrics.wsDropped("control_overflow");
                    }
                });
        this.metrics = metrics;
        this.outboxLimit = outboxLimit;
        this.outboxMaxBytes = outboxMaxBytes;
        this.inboundMaxBytes = inboundMaxBytes;
        this.fanout = new LocalFanout(encoder, metrics, new UpstreamSubscriptions());
        this.publisher = client.connect();
        this.receiver = client.connectPubSub();
        this.receiver.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(channel, message);
            }

            @Override
            public void message(String pattern, String channel, String message) {
                received(channel, message);
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                connectionChanged(connection, true);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                connectionChanged(connection, false);
            }
        });
        this.inboundThread = daemon("sb-redis-fanout").newThread(this::drainInbound);
        this.inboundThread.start();
        try {
            receiver.async().subscribe(countRequests, countReplies).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("could not subscribe to the control channels yet: {}", e.toString());
        }
    }

    // ---- PubSub --------------------------------------------------------------------------------------------

    @Override
    public void publish(Publication publication) {
        publishOne(publication, List.of());
    }

    @Override
    public void publishAll(List<Publication> publications) {
        LocalFanout.forEachWithEarlierTopics(publications, this::publishOne);
    }

    private void publishOne(Publication publication, List<Topic> earlierTopics) {
        metrics.published(publication.eventType());
        Delivery delivery = new Delivery(publication, fanout.encoder());
        fanout.deliver(delivery, earlierTopics);
        String id = origin + ":" + sequence.incrementAndGet();
        StringBuilder payload = new StringBuilder(VERSION).append('\n').append(id).append('\n');
        for (int i = 0; i < earlierTopics.size(); i++) {
            payload.append(i == 0 ? "" : ",").append(earlierTopics.get(i).value());
        }
        Publication.Ordering ordering = publication.ordering();
        payload.append('\n');
        if (ordering != null) {
            payload.append(ordering.key()).append(' ').append(ordering.version());
        }
        payload.append('\n').append(delivery.topicFrame());
        sendUpstream(channelPrefix + publication.topic().value(), payload.toString());
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

    @Override
    public int subscriptionCount() {
        return fanout.subscriptionCount();
    }

    // ---- health --------------------------------------------------------------------------------------------

    /** Both connections are up (the receiving one matters for readiness: without it remote events are missed). */
    @Override
    public boolean isConnected() {
        return publisherUp && receiverUp && !closed;
    }

    @Override
    public boolean upstreamSettled() {
        return upstreamPending.get() == 0 && isConnected();
    }

    @Override
    public int outboxSize() {
        synchronized (outbox) {
            return outbox.size();
        }
    }

    @Override
    public long outboxDropped() {
        return outboxDropped.get();
    }

    @Override
    public long outboxBytes() {
        synchronized (outbox) {
            return outboxBytes;
        }
    }

    @Override
    public long outboxOldestMillis() {
        Pending oldest;
        synchronized (outbox) {
            oldest = outbox.peekFirst();
        }
        return oldest == null ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest.madeAt()));
    }

    @Override
    public long inboundBytes() {
        return inboundBytes.get();
    }

    @Override
    public long inboundDropped() {
        return inboundDropped.get();
    }

    /** Upstream subscriptions currently wanted (channels + globs), for tests. */
    int upstreamSubscriptions() {
        synchronized (wantedChannels) {
            return wantedChannels.size() + wantedGlobs.size();
        }
    }

    // ---- outbound ------------------------------------------------------------------------------------------

    /** A publication on its way to Redis: its place in the send order and when it was made. */
    private record Pending(long sequence, String channel, String payload, long madeAt) {
        long bytes() {
            return (long) channel.length() + payload.length();
        }
    }

    private void sendUpstream(String channel, String payload) {
        Pending pending;
        synchronized (outbox) {
            pending = new Pending(++sendSequence, channel, payload, System.nanoTime());
            if (!outbox.isEmpty() || !publisherUp) {
                keep(pending); // behind what waits already; a reconnect or the running retry sends it
                return;
            }
            inFlight.incrementAndGet();
        }
        RedisFuture<Long> sent;
        try {
            sent = publisher.async().publish(channel, payload);
        } catch (RuntimeException e) {
            failed(pending, e);
            return;
        }
        sent.whenComplete((receivers, failure) -> {
            if (failure == null) {
                inFlight.decrementAndGet();
            } else {
                failed(pending, failure);
            }
        });
    }

    /** A direct PUBLISH failed while the connection may well be up: keep it and try again soon. */
    private void failed(Pending pending, Throwable failure) {
        synchronized (outbox) {
            if (!backlogLogged && publisherUp) {
                backlogLogged = true;
                log.warn("a PUBLISH to Redis failed ({}); publications wait in the outbox and are sent again in order "
                        + "once Redis takes them", failure.toString());
            }
            keep(pending);
        }
        inFlight.decrementAndGet();
        scheduleFlush(OUTBOX_RETRY_MS);
    }

    /**
     * Adds to the outbox at its place in the send order. Past the count or the byte bound the oldest entries go
     * (counted), the new one too when it is the oldest or alone larger than the byte bound. Caller holds the lock.
     */
    private void keep(Pending pending) {
        long size = pending.bytes();
        while (outbox.size() + 1 > outboxLimit || (outboxMaxBytes > 0 && outboxBytes + size > outboxMaxBytes)) {
            Pending oldest = outbox.peekFirst();
            if (oldest == null || pending.sequence() < oldest.sequence()) {
                dropFromOutbox(pending);
                return;
            }
            outbox.pollFirst();
            outboxBytes -= oldest.bytes();
            dropFromOutbox(oldest);
        }
        if (outbox.isEmpty() || outbox.peekLast().sequence() < pending.sequence()) {
            outbox.addLast(pending);
        } else { // a PUBLISH sent before some that already wait failed late: it goes before them
            Deque<Pending> later = new ArrayDeque<>();
            while (!outbox.isEmpty() && outbox.peekLast().sequence() > pending.sequence()) {
                later.addFirst(outbox.pollLast());
            }
            outbox.addLast(pending);
            outbox.addAll(later);
        }
        outboxBytes += size;
    }

    /** Counts (and logs once per episode) a publication that will not reach the other instances. Caller holds the lock. */
    private void dropFromOutbox(Pending dropped) {
        outboxDropped.incrementAndGet();
        metrics.wsDropped("outbox_overflow");
        if (!overflowLogged) {
            overflowLogged = true;
            log.warn("the Redis outbox is full ({} publications, {} bytes; bounds {} and {} bytes): the oldest are "
                    + "dropped and never reach the other instances", outbox.size(), outboxBytes, outboxLimit,
                    outboxMaxBytes > 0 ? outboxMaxBytes : "no");
        }
    }

    private void scheduleFlush(long delayMs) {
        if (closed || !flushScheduled.compareAndSet(false, true)) {
            return; // an attempt is already due; it reschedules itself as needed
        }
        try {
            outboxSender.schedule(this::flushOutbox, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            flushScheduled.set(false);
        }
    }

    /**
     * Sends what waited, in order: the oldest alone first (it probes whether Redis takes publications again), then
     * pipelined batches. Stops at the first failure and tries again after {@link #OUTBOX_RETRY_MS}; a reconnect
     * schedules its own attempt after the grace.
     */
    private void flushOutbox() {
        flushScheduled.set(false);
        long grace = flushNotBefore - System.nanoTime();
        if (grace > 0) {
            scheduleFlush(TimeUnit.NANOSECONDS.toMillis(grace) + 1);
            return;
        }
        Duration timeout = publisher.getTimeout().plusSeconds(1);
        int batchSize = 1;
        while (publisherUp && !closed) {
            List<Pending> batch = new ArrayList<>(batchSize);
            synchronized (outbox) {
                if (outbox.isEmpty()) {
                    if (backlogLogged || overflowLogged) {
                        log.info("the Redis outbox is sent; cross-instance publishing goes on ({} dropped so far)",
                                outboxDropped.get());
                    }
                    backlogLogged = false;
                    overflowLogged = false;
                    return;
                }
                if (inFlight.get() > 0) { // a direct PUBLISH may still fail and belong before what waits
                    scheduleFlush(10);
                    return;
                }
                for (Pending pending : outbox) {
                    if (batch.size() == batchSize) {
                        break;
                    }
                    batch.add(pending);
                }
            }
            int sent = send(batch, timeout);
            synchronized (outbox) {
                for (int i = 0; i < sent; i++) {
                    Pending done = batch.get(i);
                    if (outbox.peekFirst() == done) { // else the bound dropped it meanwhile
                        outbox.pollFirst();
                        outboxBytes -= done.bytes();
                    }
                }
            }
            if (sent < batch.size()) {
                scheduleFlush(OUTBOX_RETRY_MS);
                return;
            }
            batchSize = OUTBOX_BATCH;
        }
    }

    /** Publishes a batch pipelined; how many, from the first, Redis took before the first failure. */
    private int send(List<Pending> batch, Duration timeout) {
        List<RedisFuture<Long>> futures = new ArrayList<>(batch.size());
        try {
            for (Pending pending : batch) {
                futures.add(publisher.async().publish(pending.channel(), pending.payload()));
            }
        } catch (RuntimeException e) {
            log.debug("could not send the Redis outbox yet: {}", e.toString());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return i;
            } catch (ExecutionException | TimeoutException e) {
                log.debug("could not send the Redis outbox yet ({} waiting): {}", outboxSize(), e.toString());
                return i;
            }
        }
        return futures.size();
    }

    private void connectionChanged(RedisChannelHandler<?, ?> connection, boolean up) {
        if (connection == publisher) {
            publisherUp = up;
            if (up) {
                flushNotBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTBOX_FLUSH_GRACE_MS);
                scheduleFlush(OUTBOX_FLUSH_GRACE_MS);
            }
        } else if (connection == receiver) {
            receiverUp = up;
            if (up) {
                runUpstream(this::resubscribeAll);
            }
        } else {
            return;
        }
        log.info("Redis {} connection {}", connection == publisher ? "publishing" : "subscribing", up ? "up" : "down");
    }

    // ---- upstream subscriptions ----------------------------------------------------------------------------

    /** Told by the local index, under its lock, when a pattern gets its first or loses its last subscriber. */
    private final class UpstreamSubscriptions implements SubscriptionIndex.Listener {
        @Override
        public void firstSubscriber(TopicPattern pattern) {
            String target = upstreamName(pattern);
            boolean exact = pattern.isExact();
            boolean first;
            synchronized (wantedChannels) {
                Map<String, Integer> wanted = exact ? wantedChannels : wantedGlobs;
                first = wanted.merge(target, 1, Integer::sum) == 1;
            }
            if (first) {
                runUpstream(() -> subscribeUpstream(target, exact));
            }
        }

        @Override
        public void lastSubscriberGone(TopicPattern pattern) {
            String target = upstreamName(pattern);
            boolean exact = pattern.isExact();
            boolean last;
            synchronized (wantedChannels) {
                Map<String, Integer> wanted = exact ? wantedChannels : wantedGlobs;
                last = wanted.merge(target, -1, Integer::sum) <= 0;
                if (last) {
                    wanted.remove(target);
                }
            }
            if (last) {
                runUpstream(() -> unsubscribeUpstream(target, exact));
            }
        }
    }

    private void runUpstream(Runnable operation) {
        upstreamPending.incrementAndGet();
        try {
            upstream.execute(() -> {
                try {
                    operation.run();
                } finally {
                    upstreamPending.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) {
            upstreamPending.decrementAndGet(); // closed
        }
    }

    /** The Redis channel of an exact pattern, or a glob covering a wildcard one. */
    String upstreamName(TopicPattern pattern) {
        if (pattern.isExact()) {
            return channelPrefix + pattern.value();
        }
        StringBuilder glob = new StringBuilder(channelPrefix);
        int i = 0;
        for (; i < pattern.size(); i++) {
            String segment = pattern.segment(i);
            if (TopicPattern.isWildcard(segment)) {
                break;
            }
            glob.append(segment).append('.');
        }
        if (i > 0 && TopicPattern.isAny(pattern.segment(i))) {
            // `a.**` also matches the bare topic `a` (`**` is zero or more segments): `a*` covers it; what else it
            // lets through (e.g. `ab`) the local index filters out.
            glob.setLength(glob.length() - 1);
        }
        // Topic characters [A-Za-z0-9_:-] and '.' are not special in Redis globs, so the prefix needs no escaping.
        return glob.append('*').toString();
    }

    private void subscribeUpstream(String target, boolean exact) {
        try {
            if (exact) {
                receiver.async().subscribe(target).get(5, TimeUnit.SECONDS);
            } else {
                receiver.async().psubscribe(target).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // Redis is away: resubscribeAll runs when the receiving connection is back.
            log.debug("upstream subscribe to {} deferred: {}", target, e.toString());
        }
    }

    private void unsubscribeUpstream(String target, boolean exact) {
        try {
            if (exact) {
                receiver.async().unsubscribe(target).get(5, TimeUnit.SECONDS);
            } else {
                receiver.async().punsubscribe(target).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.debug("upstream unsubscribe from {} failed: {}", target, e.toString());
        }
    }

    private void resubscribeAll() {
        List<String> channels;
        List<String> globs;
        synchronized (wantedChannels) {
            List<String> all = new ArrayList<>(wantedChannels.keySet());
            all.add(countRequests);
            all.add(countReplies);
            channels = List.copyOf(all);
            globs = List.copyOf(wantedGlobs.keySet());
        }
        try {
            if (!channels.isEmpty()) {
                receiver.async().subscribe(channels.toArray(String[]::new)).get(5, TimeUnit.SECONDS);
            }
            if (!globs.isEmpty()) {
                receiver.async().psubscribe(globs.toArray(String[]::new)).get(5, TimeUnit.SECONDS);
            }
            log.info("restored {} Redis subscriptions", channels.size() + globs.size());
        } catch (Exception e) {
            log.warn("could not restore Redis subscriptions yet: {}", e.toString());
        }
    }

    // ---- subscriber counts across instances ---------------------------------------------------------------

    /**
     * This instance's count plus every other instance's: one PUBLISH of a request on {@code <prefix>ctl:count},
     * whose reply (the number of receivers) says how many instances listen; each of the others answers on this
     * instance's reply channel with its connections and its users' ids (at most {@link #COUNT_MAX_USER_IDS}, and how
     * many more). Waits for all answers, at most {@link #COUNT_TIMEOUT_MS}; an instance that does not answer in time
     * is left out (logged). Users are counted once however many instances they are connected to.
     */
    @Override
    public Counts count(Topic topic) {
        LocalFanout.LocalCount local = fanout.count(topic);
        if (!isConnected()) {
            throw new ServiceUnavailable("STORE_UNAVAILABLE", "the other instances cannot be asked while Redis is away");
        }
        String id = origin + ":" + sequence.incrementAndGet();
        CountCollector collector = new CountCollector(local.connections(), local.owners());
        pendingCounts.put(id, collector);
        try {
            ObjectNode request = JSON.createObjectNode();
            request.put("id", id);
            request.put("topic", topic.value());
            request.put("replyTo", countReplies);
            long receivers;
            try {
                receivers = publisher.async().publish(countRequests, request.toString())
                        .get(COUNT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailable("STORE_UNAVAILABLE", "interrupted while asking the other instances");
            } catch (ExecutionException | TimeoutException e) {
                throw new ServiceUnavailable("STORE_UNAVAILABLE", "could not ask the other instances: Redis is away");
            }
            long others = Math.max(0, receivers - 1); // this instance hears its own request and ignores it
            if (!collector.await(others, COUNT_TIMEOUT_MS)) {
                log.warn("subscriber count of {}: {} of {} other instances answered within {} ms", topic,
                        collector.answers(), others, COUNT_TIMEOUT_MS);
            }
            return collector.total();
        } finally {
            pendingCounts.remove(id);
        }
    }

    /** On the control thread: answer another instance's request, or take an answer to one of ours. */
    private void controlMessage(String channel, String message) {
        try {
            JsonNode tree = JSON.readTree(message);
            String id = tree.path("id").asText();
            if (channel.equals(countReplies)) {
                CountCollector collector = pendingCounts.get(id);
                if (collector != null) {
                    List<String> users = new ArrayList<>();
                    tree.path("users").forEach(u -> users.add(u.asText()));
                    collector.add(tree.path("connections").asLong(), users, tree.path("moreUsers").asLong());
                }
                return;
            }
            if (id.startsWith(origin + ":")) {
                return; // our own request: counted locally
            }
            LocalFanout.LocalCount local = fanout.count(Topic.parse(tree.path("topic").asText()));
            ObjectNode reply = JSON.createObjectNode();
            reply.put("id", id);
            reply.put("connections", local.connections());
            ArrayNode users = reply.putArray("users");
            int listed = 0;
            for (String owner : local.owners()) {
                if (listed++ == COUNT_MAX_USER_IDS) {
                    break;
                }
                users.add(owner);
            }
            reply.put("moreUsers", Math.max(0, local.owners().size() - COUNT_MAX_USER_IDS));
            publisher.async().publish(tree.path("replyTo").asText(), reply.toString());
        } catch (Exception e) {
            log.warn("dropped a malformed control message on {}: {}", channel, e.toString());
        }
    }

    /** The answers to one count request: sums connections, unites user ids. */
    private static final class CountCollector {
        private long connections;
        private final Set<String> users;
        private long moreUsers;
        private long answers;

        CountCollector(long connections, Set<String> users) {
            this.connections = connections;
            this.users = new HashSet<>(users);
        }

        synchronized void add(long connections, List<String> users, long moreUsers) {
            this.connections += connections;
            this.users.addAll(users);
            this.moreUsers += moreUsers;
            answers++;
            notifyAll();
        }

        synchronized long answers() {
            return answers;
        }

        /** Waits until {@code expected} answers came; false when the time ran out first. */
        synchronized boolean await(long expected, long timeoutMs) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (answers < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        synchronized Counts total() {
            return new Counts(connections, users.size() + moreUsers);
        }
    }

    // ---- inbound -------------------------------------------------------------------------------------------

    /**
     * On a Netty thread: only hand the message over. Past the count or the byte bound the new arrival is dropped
     * and counted: the local subscribers miss it (a later resync could tell them so).
     */
    private void received(String channel, String message) {
        if (channel.equals(countRequests) || channel.equals(countReplies)) {
            control.execute(() -> controlMessage(channel, message));
            return;
        }
        long size = (long) channel.length() + message.length();
        long queued = inboundBytes.addAndGet(size);
        if ((inboundMaxBytes > 0 && queued > inboundMaxBytes) || !inbound.offer(new String[] {channel, message})) {
            inboundBytes.addAndGet(-size);
            inboundDropped.incrementAndGet();
            metrics.wsDropped("redis_inbound_overflow");
            if (!inboundOverflowLogged) {
                inboundOverflowLogged = true;
                log.warn("messages from Redis arrive faster than the local fan-out takes them ({} queued, {} bytes): "
                        + "new arrivals are dropped until it catches up", inbound.size(), queued - size);
            }
        }
    }

    private void drainInbound() {
        while (!closed) {
            String[] next;
            try {
                next = inbound.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                inboundBytes.addAndGet(-((long) next[0].length() + next[1].length()));
                if (inboundOverflowLogged && inbound.isEmpty()) {
                    inboundOverflowLogged = false;
                    log.info("the local fan-out caught up with Redis ({} messages dropped so far)", inboundDropped.get());
                }
                try {
                    deliverRemote(next[0], next[1]);
                } catch (RuntimeException e) {
                    log.warn("dropped a malformed message from Redis channel {}", next[0], e);
                }
            }
        }
    }

    private void deliverRemote(String channel, String message) {
        String[] parts = message.split("\n", 4);
        if (parts.length != 4 || !(VERSION.equals(parts[0]) || VERSION_WITHOUT_ORDERING.equals(parts[0]))) {
            throw new IllegalArgumentException("unknown message format");
        }
        Publication.Ordering ordering = null;
        if (VERSION.equals(parts[0])) {
            String[] rest = parts[3].split("\n", 2);
            if (rest.length != 2) {
                throw new IllegalArgumentException("unknown message format");
            }
            if (!rest[0].isEmpty()) {
                int space = rest[0].lastIndexOf(' ');
                ordering = new Publication.Ordering(rest[0].substring(0, space),
                        Long.parseLong(rest[0].substring(space + 1)));
            }
            parts[3] = rest[1];
        }
        String id = parts[1];
        if (id.startsWith(origin + ":") || recentIds.put(id, Boolean.TRUE) != null) {
            return; // our own (already delivered locally), or a repeat through another upstream subscription
        }
        List<Topic> earlier = new ArrayList<>();
        if (!parts[2].isEmpty()) {
            for (String topic : parts[2].split(",")) {
                earlier.add(Topic.parse(topic));
            }
        }
        String frame = parts[3];
        JsonNode tree;
        try {
            tree = JSON.readTree(frame);
        } catch (Exception e) {
            throw new IllegalArgumentException("frame is not JSON", e);
        }
        Topic topic = Topic.parse(tree.path("topic").asText());
        Object data = JSON.convertValue(tree.get("data"), Object.class);
        Publication publication = new Publication(topic, tree.path("eventType").asText(),
                data == null ? Map.of() : data, Instant.parse(tree.path("timestamp").asText()), ordering);
        fanout.deliver(Delivery.withTopicFrame(publication, frame, fanout.encoder()), earlier);
    }

    @Override
    public void close() {
        closed = true;
        upstream.shutdownNow();
        outboxSender.shutdownNow();
        control.shutdownNow();
        inboundThread.interrupt();
        receiver.close();
        publisher.close();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
