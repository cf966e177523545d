package io.switchboard.adapters.out.redis;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.switchboard.adapters.out.pubsub.Broker;
import io.switchboard.application.realtime.StreamPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Broker} on Redis Cluster sharded pub/sub: SPUBLISH on a cluster connection (routed to the master of the
 * channel's slot), SSUBSCRIBE on the node connection of that master, chosen here channel by channel so that this
 * class knows where each subscription lives and can move it. It has no globs ({@link #supportsGlobs()} false): the
 * channels are the topic partitions named by {@link RedisChannels}.
 *
 * <p><b>Following the topology.</b> Lettuce refreshes the slot map (periodically and on MOVED/reconnect triggers,
 * see {@link RedisConnection}); every {@value #RECONCILE_MS} ms this broker compares each wanted channel's node with
 * the slot's current master and re-SSUBSCRIBEs it there when it moved (slot migration) or its node connection is
 * down (failover), then SUNSUBSCRIBEs it from the old node when that one still answers. A {@code sunsubscribed} that
 * this broker did not ask for (Redis sends one when a slot leaves a node) triggers the same at once.
 *
 * <p><b>End-to-end probe.</b> For every master, a probe channel in one of its slots is subscribed like any other
 * channel, and every {@value #PROBE_MS} ms a probe is SPUBLISHed on it. A master whose probe has not come back for
 * {@value #PROBE_STALE_MS} ms marks both links down (readiness: not ready; the outbox holds publications) until it
 * comes back; {@link #shards()} gives each master's probe age for /health.
 *
 * <p><b>History.</b> With a {@link RedisHistory}, {@link #publishKept} runs its store-and-SPUBLISH script on the
 * master of the topic's partition slot (the stream, metadata, index and partition channel share the tag). When a
 * subscription that was in place had to move (failover, slot migration, a {@code sunsubscribed} from Redis),
 * publications may have reached the shard meanwhile: once it is placed again the listener hears
 * {@link Listener#subscriptionsMoved()}, and the pub/sub repairs history topics from their streams.
 */
final class RedisShardedBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisShardedBroker.class);
    static final long RECONCILE_MS = 1_000;
    static final long PROBE_MS = 1_000;
    static final long PROBE_STALE_MS = 5_000;
    private static final long ANSWER_MS = 2_000;

    private final RedisClusterClient client;
    private final String probePrefix;
    /** The history topics' store-and-send script, or null (no history). */
    private final RedisHistory history;
    /** A placed subscription was dropped or had to move since the last reconciliation that completed. */
    private volatile boolean interrupted;
    private final String origin = UUID.randomUUID().toString();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sb-redis-shards");
        t.setDaemon(true);
        return t;
    });
    /** Wanted channel -> id of the node it is SSUBSCRIBEd on ("" while not placed yet). Guarded by itself. */
    private final Map<String, String> wanted = new HashMap<>();
    /** Master node id -> its probe. */
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();
    private StatefulRedisClusterConnection<String, String> publisher;
    private StatefulRedisClusterPubSubConnection<String, String> receiver;
    private Listener listener;
    private volatile boolean linksUp = true;
    private volatile boolean closed;

    private static final class Probe {
        final String channel;
        final String name;
        final long createdAt = System.nanoTime();
        volatile long lastReceived = createdAt;

        Probe(String channel, String name) {
            this.channel = channel;
            this.name = name;
        }

        long ageMs() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceived);
        }
    }

    /** @param probePrefix names the probe channels (e.g. {@code <keyPrefix>probe:}); no topic channel starts so */
    RedisShardedBroker(RedisClusterClient client, String probePrefix) {
        this(client, probePrefix, null);
    }

    /** @param history stores and SPUBLISHes history topics' publications in one script ({@link #publishKept}) */
    RedisShardedBroker(RedisClusterClient client, String probePrefix, RedisHistory history) {
        this.client = Objects.requireNonNull(client);
        this.probePrefix = probePrefix;
        this.history = history;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        publisher = client.connect(StringCodec.UTF8);
        try {
            receiver = client.connectPubSub(StringCodec.UTF8);
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
        if (history != null) {
            history.loadScripts(publisher.async()); // SCRIPT LOAD on every node; a new master answers NOSCRIPT: EVAL
        }
        receiver.setNodeMessagePropagation(true);
        receiver.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                if (channel.startsWith(probePrefix)) {
                    probeReceived(channel, message);
                } else {
                    listener.received(channel, message);
                }
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                String nodeId = node == null ? null : node.getNodeId();
                boolean unrequested;
                synchronized (wanted) {
                    unrequested = nodeId != null && nodeId.equals(wanted.get(channel));
                    if (unrequested) {
                        wanted.put(channel, ""); // Redis dropped it (its slot left the node): place it again
                        if (!channel.startsWith(probePrefix)) {
                            interrupted = true;
                        }
                    }
                }
                if (unrequested && !closed) {
                    log.info("Redis dropped shard channel {} on {}: subscribing where its slot is now", channel,
                            node.getUri());
                    execute(RedisShardedBroker.this::reconcile);
                }
            }
        });
        timer.scheduleWithFixedDelay(this::reconcile, RECONCILE_MS, RECONCILE_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::probe, 0, PROBE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<?> publish(String channel, String payload) {
        return publisher.async().spublish(channel, payload).toCompletableFuture();
    }

    /**
     * One script on the master of the topic's slot: offset, XADD, index, SPUBLISH on the partition channel. With
     * REDIS_WAIT_REPLICAS it runs on that master's node connection, so that the WAIT after it counts its writes.
     */
    @Override
    public CompletableFuture<StreamPosition> publishKept(Kept kept, boolean retry) {
        if (history == null) {
            return Broker.super.publishKept(kept, retry);
        }
        if (!history.waitsForReplicas()) {
            return history.append(publisher.async(), kept, retry); // routed by the keys' slot
        }
        RedisClusterNode master = client.getPartitions().getMasterBySlot(SlotHash.getSlot(history.appendKey(kept)));
        if (master == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no master serves " + kept.topic()));
        }
        return publisher.getConnectionAsync(master.getNodeId())
                .thenCompose(node -> history.append(node.async(), kept, retry));
    }

    @Override
    public Duration publishTimeout() {
        return publisher.getTimeout();
    }

    @Override
    public CompletableFuture<?> subscribe(Collection<String> channels) {
        List<CompletableFuture<?>> placed = new ArrayList<>();
        for (String channel : channels) {
            synchronized (wanted) {
                wanted.putIfAbsent(channel, "");
            }
            placed.add(place(channel));
        }
        return CompletableFuture.allOf(placed.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<?> unsubscribe(Collection<String> channels) {
        Map<String, List<String>> byNode = new HashMap<>();
        synchronized (wanted) {
            for (String channel : channels) {
                String nodeId = wanted.remove(channel);
                if (nodeId != null && !nodeId.isEmpty()) {
                    byNode.computeIfAbsent(nodeId, n -> new ArrayList<>()).add(channel);
                }
            }
        }
        List<CompletableFuture<?>> done = new ArrayList<>();
        byNode.forEach((nodeId, list) -> done.add(receiver.getConnectionAsync(nodeId)
                .thenCompose(c -> c.async().sunsubscribe(list.toArray(String[]::new)).toCompletableFuture())));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    @Override
    public boolean supportsGlobs() {
        return false;
    }

    @Override
    public CompletableFuture<?> subscribeGlobs(Collection<String> globs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("sharded pub/sub has no globs"));
    }

    @Override
    public CompletableFuture<?> unsubscribeGlobs(Collection<String> globs) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("sharded pub/sub has no globs"));
    }

    /** Each master ({@code host:port}) and how long ago its probe last came back, in ms. */
    @Override
    public Map<String, Long> shards() {
        Map<String, Long> ages = new LinkedHashMap<>();
        probes.values().forEach(p -> ages.put(p.name, p.ageMs()));
        return ages;
    }

    /** Where each wanted channel is SSUBSCRIBEd now (node id, "" while not placed), for tests. */
    Map<String, String> placements() {
        synchronized (wanted) {
            return Map.copyOf(wanted);
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        if (receiver != null) {
            receiver.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    // ---- placement ------------------------------------------------------------------------------------------

    /** SSUBSCRIBEs {@code channel} on the current master of its slot, unless it is already there. */
    private CompletableFuture<?> place(String channel) {
        RedisClusterNode master = client.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (master == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no master serves " + channel));
        }
        String nodeId = master.getNodeId();
        return receiver.getConnectionAsync(nodeId)
                .thenCompose(c -> c.async().ssubscribe(channel).toCompletableFuture())
                .thenRun(() -> {
                    String before;
                    synchronized (wanted) {
                        if (!wanted.containsKey(channel)) {
                            before = null; // unsubscribed meanwhile
                        } else {
                            before = wanted.put(channel, nodeId);
                        }
                    }
                    if (before == null) {
                        sunsubscribeQuietly(nodeId, channel); // no longer wanted
                    } else if (!before.isEmpty() && !before.equals(nodeId)) {
                        sunsubscribeQuietly(before, channel); // moved: leave the old node
                    }
                });
    }

    /** On the timer: every wanted channel whose slot's master changed, or whose node connection is down, moves. */
    private void reconcile() {
        if (closed) {
            return;
        }
        try {
            Partitions partitions = client.getPartitions();
            Map<String, String> snapshot;
            synchronized (wanted) {
                snapshot = new HashMap<>(wanted);
            }
            List<CompletableFuture<?>> moves = new ArrayList<>();
            for (Map.Entry<String, String> entry : snapshot.entrySet()) {
                RedisClusterNode master = partitions.getMasterBySlot(SlotHash.getSlot(entry.getKey()));
                if (master == null) {
                    continue;
                }
                if (!master.getNodeId().equals(entry.getValue()) || !nodeOpen(entry.getValue())) {
                    if (!entry.getValue().isEmpty() && !entry.getKey().startsWith(probePrefix)) {
                        interrupted = true; // it was in place: publications may have been missed while it moves
                    }
                    moves.add(place(entry.getKey()));
                }
            }
            if (!moves.isEmpty()) {
                CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new))
                        .get(ANSWER_MS, TimeUnit.MILLISECONDS);
                log.info("moved {} shard channel subscriptions to their slots' masters", moves.size());
            }
            if (interrupted) {
                interrupted = false;
                listener.subscriptionsMoved(); // every wanted channel is placed again: repair what was missed
            }
        } catch (Exception e) {
            log.debug("shard channel reconciliation incomplete: {}", e.toString());
        }
    }

    private boolean nodeOpen(String nodeId) {
        if (nodeId == null || nodeId.isEmpty()) {
            return false;
        }
        try {
            StatefulRedisPubSubConnection<String, String> connection = receiver.getConnectionAsync(nodeId)
                    .get(ANSWER_MS, TimeUnit.MILLISECONDS);
            return connection.isOpen();
        } catch (Exception e) {
            return false;
        }
    }

    private void sunsubscribeQuietly(String nodeId, String channel) {
        try {
            receiver.getConnectionAsync(nodeId)
                    .thenCompose(c -> c.isOpen() ? c.async().sunsubscribe(channel).toCompletableFuture()
                            : CompletableFuture.completedFuture(null))
                    .exceptionally(e -> null);
        } catch (RuntimeException e) {
            // the old node is gone
        }
    }

    // ---- probes ---------------------------------------------------------------------------------------------

    /** On the timer: a probe channel per master, one probe on each, and the links' state from the answers. */
    private void probe() {
        if (closed) {
            return;
        }
        try {
            Map<String, RedisClusterNode> masters = new HashMap<>();
            for (RedisClusterNode node : client.getPartitions()) {
                // a failed master keeps its probe (and keeps the links down) until a replica took its slots
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots()) {
                    masters.put(node.getNodeId(), node);
                }
            }
            for (String gone : new ArrayList<>(probes.keySet())) {
                if (!masters.containsKey(gone)) {
                    Probe probe = probes.remove(gone);
                    unsubscribe(List.of(probe.channel));
                }
            }
            for (RedisClusterNode master : masters.values()) {
                Probe probe = probes.get(master.getNodeId());
                if (probe == null) {
                    probe = new Probe(probeChannel(master), master.getUri().getHost() + ":"
                            + master.getUri().getPort());
                    probes.put(master.getNodeId(), probe);
                    subscribe(List.of(probe.channel));
                }
                publisher.async().spublish(probe.channel, origin);
            }
            boolean up = !probes.isEmpty() && probes.values().stream().allMatch(p -> p.ageMs() < PROBE_STALE_MS);
            if (up != linksUp) {
                linksUp = up;
                log.info("Redis Cluster pub/sub {}", up ? "up on every shard" : "down on a shard: " + shards());
                listener.publishingLink(up);
                listener.subscribingLink(up);
            }
        } catch (RuntimeException e) {
            log.debug("shard probe failed: {}", e.toString());
        }
    }

    private void probeReceived(String channel, String message) {
        if (!origin.equals(message)) {
            return; // another instance's probe
        }
        long now = System.nanoTime();
        probes.values().forEach(p -> {
            if (p.channel.equals(channel)) {
                p.lastReceived = now;
            }
        });
    }

    /** A probe channel in one of {@code master}'s slots. */
    private String probeChannel(RedisClusterNode master) {
        for (int n = 0; n < 1_000_000; n++) {
            String channel = probePrefix + "{" + n + "}";
            if (master.hasSlot(SlotHash.getSlot(channel))) {
                return channel;
            }
        }
        throw new IllegalStateException("no probe channel found for " + master.getUri());
    }

    private void execute(Runnable task) {
        try {
            timer.execute(task);
        } catch (RuntimeException rejected) {
            // closed
        }
    }
}
