package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.Await;
import io.lettuce.core.cluster.SlotHash;
import io.switchboard.adapters.out.PubSubContractTest.Recorder;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.history.HistorySettings;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.TopicHistory;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History topics on the shared Redis Cluster across a master's {@code kill -9} and a slot migration, while one
 * instance publishes steadily (REDIS_WAIT_REPLICAS=1, so no acknowledged offset is lost in the failover): the other
 * instance's subscriber gets every offset exactly once and in order (what its shard subscription missed while it
 * moved comes from the stream), and the publishing instance's own subscriber every publication exactly once (its
 * order across the failure is not asserted: see the comment in {@code runThrough}).
 */
class RedisClusterHistoryFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HistorySettings HISTORY = new HistorySettings(HistorySettings.parse("hist.**"), 10_000,
            Duration.ofSeconds(600), 1000, 1000);
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private ClusterPubSub a;
    private ClusterPubSub b;
    private TopicHistory history;
    private RedisChannels channels;

    @BeforeEach
    void start() {
        String prefix = RedisServerFixture.newKeyPrefix();
        connectionA = RedisAdapters.connect(CLUSTER.cluster().url(), RedisConnection.DEFAULT_COMMAND_TIMEOUT, 1,
                Duration.ofSeconds(1));
        connectionB = RedisAdapters.connect(CLUSTER.cluster().url(), RedisConnection.DEFAULT_COMMAND_TIMEOUT, 1,
                Duration.ofSeconds(1));
        RedisAdapters.PubSubWithHistory onA = RedisAdapters.pubSubWithHistory(connectionA, prefix,
                JsonAdapters.frameEncoder(), Metrics.NONE, 10_000, 0, 0, HISTORY, Instant::now);
        RedisAdapters.PubSubWithHistory onB = RedisAdapters.pubSubWithHistory(connectionB, prefix,
                JsonAdapters.frameEncoder(), Metrics.NONE, 10_000, 0, 0, HISTORY, Instant::now);
        a = onA.pubSub();
        b = onB.pubSub();
        history = onA.history();
        channels = RedisAdapters.channels(connectionA, prefix);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        connectionA.close();
        connectionB.close();
    }

    @Test
    void aMasterKilledDuringSteadyPublishing_everyOffsetReachesEverySubscriberOnce() {
        String topic = "hist.failover.t" + System.nanoTime();
        int slot = SlotHash.getSlot(channels.channel(Topic.parse(topic)));
        runThrough(topic, () -> CLUSTER.cluster().killMasterOf(slot));
    }

    @Test
    void aSlotMigratedDuringSteadyPublishing_losesNothingOnAHistoryTopic() {
        String topic = "hist.migrate.t" + System.nanoTime();
        int slot = SlotHash.getSlot(channels.channel(Topic.parse(topic)));
        int source = CLUSTER.cluster().masterOf(slot);
        int target = CLUSTER.cluster().masters().stream().filter(p -> p != source).findFirst().orElseThrow();
        runThrough(topic, () -> CLUSTER.cluster().migrateSlot(slot, target));
        assertThat(CLUSTER.cluster().masterOf(slot)).isEqualTo(target);
    }

    /** Publishes on {@code topic} from A every few ms while {@code disruption} runs, then checks both subscribers. */
    private void runThrough(String topic, Runnable disruption) {
        Inbox onA = new Inbox();
        Inbox onB = new Inbox();
        a.subscribe(TopicPattern.parse(topic), onA);
        b.subscribe(TopicPattern.parse(topic), onB);
        await("both instances' upstream subscriptions are in place", () -> a.upstreamSettled() && b.upstreamSettled());

        AtomicInteger published = new AtomicInteger();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            while (publishing.get()) {
                a.publish(publication(topic, published.incrementAndGet()));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }, "test-publisher");
        publisher.start();
        try {
            await("publishing is under way", () -> onB.size() >= 20);
            disruption.run();
            int atRecovery = published.get();
            await("publications after the disruption reach B", () -> onB.maxLabel() > atRecovery + 20);
        } finally {
            publishing.set(false);
            try {
                publisher.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int total = published.get();
        await("every publication reaches both subscribers", () -> onA.size() >= total && onB.size() >= total);
        await("the last publication is stored", () -> history.read(Topic.parse(topic), 0, 1).top() >= total);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)); // room for a duplicate to show up

        List<Integer> expected = IntStream.rangeClosed(1, total).boxed().toList();
        assertThat(onB.labels()).as("B: every publication once, in order").isEqualTo(expected);
        assertThat(onB.offsets()).as("B: every offset once, in order")
                .isEqualTo(IntStream.rangeClosed(1, total).mapToObj(Long::valueOf).toList());
        // The publisher's own subscriber gets each publication once, but not always in order across the failure:
        // sends in flight when the master died are delivered here once stored, after later ones that waited in
        // the outbox and were delivered at once (Redis away: local delivery goes on). Known, see the report.
        assertThat(onA.labels()).as("A (the publisher's own subscriber): every publication once")
                .containsExactlyInAnyOrderElementsOf(expected);
        TopicHistory.Window stored = history.read(Topic.parse(topic), 0, Integer.MAX_VALUE);
        assertThat(stored.top()).isEqualTo(total);
        assertThat(stored.publications()).hasSize(total);
    }

    private static Publication publication(String topic, int label) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("label", label), Instant.now());
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    /** Every delivery's label and offset (0 when it came without one: delivered while Redis was away). */
    private static final class Inbox implements Subscriber {
        private final List<Delivery> received = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(Delivery delivery) {
            received.add(delivery);
        }

        int size() {
            return received.size();
        }

        List<Integer> labels() {
            List<Integer> labels = new ArrayList<>();
            for (Delivery d : received) {
                labels.add(Integer.parseInt(Recorder.label(d)));
            }
            return labels;
        }

        List<Long> offsets() {
            List<Long> offsets = new ArrayList<>();
            for (Delivery d : received) {
                offsets.add(d.publication().position() == null ? 0L : d.publication().position().offset());
            }
            return offsets;
        }

        int maxLabel() {
            return labels().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }
}
