package io.switchboard.adapters.out.redis;

import io.lettuce.core.cluster.SlotHash;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.pubsub.ChannelNaming;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.adapters.out.PubSubContractTest.Recorder;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two instances on the shared Redis Cluster (3 masters + 3 replicas), each with its own cluster connection: sharded
 * pub/sub across every shard, patterns resolved inside Switchboard, and subscriptions that follow a paused shard, a
 * master failover and a slot migration without a restart.
 */
class RedisClusterPubSubTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private ClusterPubSub a;
    private ClusterPubSub b;
    private String prefix;
    private ChannelNaming channels;

    @BeforeEach
    void start() {
        prefix = RedisServerFixture.newKeyPrefix();
        connectionA = RedisAdapters.connect(CLUSTER.cluster().url());
        connectionB = RedisAdapters.connect(CLUSTER.cluster().url());
        a = RedisAdapters.pubSub(connectionA, prefix, JsonAdapters.frameEncoder(), Metrics.NONE, 1000);
        b = RedisAdapters.pubSub(connectionB, prefix, JsonAdapters.frameEncoder(), Metrics.NONE, 1000);
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
    void theChannelsArePartitionsTaggedLikeTheTopicsKeys_andSpreadOverEveryShard() {
        RedisKeys keys = new RedisKeys(prefix);
        assertThat(channels.channel(Topic.parse("public.news"))).isEqualTo(keys.topicTag("public.news") + "pub");
        assertThat(SlotHash.getSlot(channels.channel(Topic.parse("public.news"))))
                .isEqualTo(SlotHash.getSlot(keys.topicTag("public.news") + "history"));
        Set<Integer> masters = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            masters.add(masterOf("public.t" + i));
        }
        assertThat(masters).hasSize(3);
    }

    @Test
    void aPublicationOnEveryShardReachesTheOtherInstanceOnce_withoutEcho() {
        List<String> topics = topicsOnEveryMaster();
        Map<String, Recorder> onB = new java.util.HashMap<>();
        Inbox onA = new Inbox();
        for (String topic : topics) {
            Recorder recorder = new Recorder();
            onB.put(topic, recorder);
            b.subscribe(TopicPattern.parse(topic), recorder);
            a.subscribe(TopicPattern.parse(topic), onA);
        }
        awaitSettled();

        for (String topic : topics) {
            a.publish(publication(topic, "from A on " + topic));
            a.publish(publication(topic, "marker"));
        }

        for (String topic : topics) {
            assertThat(labels(onB.get(topic).untilMarker())).containsExactly("from A on " + topic);
        }
        for (String topic : topics) { // after B got everything, B's own on each channel: an echo would come first
            b.publish(publication(topic, "from B on " + topic));
        }
        List<String> seenByA = new ArrayList<>();
        Set<String> fromB = new HashSet<>();
        while (fromB.size() < topics.size()) { // B's arrive in any order across shards
            String label = onA.nextLabel();
            (label.startsWith("from B") ? fromB : new HashSet<String>()).add(label);
            seenByA.add(label);
        }
        for (String topic : topics) {
            assertThat(seenByA).as("A's own, locally, once").containsOnlyOnce("from A on " + topic);
        }
    }

    @Test
    void aPatternWhoseLiteralPrefixFixesAPartition_subscribesToOne_andOthersToAll() {
        assertThat(channels.upstream(TopicPattern.parse("apps.chat.room1.*")).names()).hasSize(1);
        assertThat(channels.upstream(TopicPattern.parse("messages.user.*")).names())
                .hasSize(RedisKeys.TOPIC_PARTITIONS);

        Recorder fixed = new Recorder();
        Recorder wide = new Recorder();
        b.subscribe(TopicPattern.parse("apps.chat.room1.*"), fixed);
        b.subscribe(TopicPattern.parse("messages.user.*"), wide);
        awaitSettled();

        a.publish(publication("apps.chat.room1.alice", "fixed"));
        a.publish(publication("apps.chat.room2.alice", "other room"));
        a.publish(publication("apps.chat.room1.alice", "marker"));
        for (int i = 0; i < 6; i++) {
            a.publish(publication("messages.user.u" + i, "user " + i));
        }
        a.publish(publication("messages.channel.general", "not a user topic"));

        assertThat(labels(fixed.untilMarker())).containsExactly("fixed");
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            got.add(Recorder.label(wide.next()));
        }
        assertThat(got).containsExactlyInAnyOrder("user 0", "user 1", "user 2", "user 3", "user 4", "user 5");
    }

    @Test
    void aShardThatStopsAnswering_takesReadinessDown_untilItsProbeComesBack() {
        awaitSettled();
        int master = CLUSTER.cluster().masters().get(0);

        CLUSTER.cluster().cli(master, "CLIENT", "PAUSE", "8000", "ALL");

        await("the paused shard's probe is overdue: not connected", () -> !b.isConnected());
        await("the shard answers again: connected", () -> b.isConnected());
    }

    @Test
    void killingAMaster_aReplicaTakesOver_andTheSubscriptionComesBackByItself() {
        String topic = topicsOnEveryMaster().get(0);
        Inbox onB = new Inbox();
        b.subscribe(TopicPattern.parse(topic), onB);
        awaitSettled();
        a.publish(publication(topic, "before"));
        assertThat(onB.awaitLabel("before")).isTrue();

        int slot = SlotHash.getSlot(channels.channel(Topic.parse(topic)));
        int newMaster = CLUSTER.cluster().killMasterOf(slot);

        // pub/sub keeps nothing for a subscriber that is away: publish until one arrives, then all must
        awaitDelivery(topic, onB);
        assertThat(CLUSTER.cluster().masterOf(slot)).isEqualTo(newMaster);
        a.publish(publication(topic, "after"));
        assertThat(onB.awaitLabel("after")).isTrue();
        await("both instances ready again", () -> a.isConnected() && b.isConnected());
    }

    @Test
    void aSlotMigratedMidStream_keepsTheSubscription() {
        String topic = topicsOnEveryMaster().get(1);
        String channel = channels.channel(Topic.parse(topic));
        int slot = SlotHash.getSlot(channel);
        Inbox onB = new Inbox();
        b.subscribe(TopicPattern.parse(topic), onB);
        awaitSettled();
        a.publish(publication(topic, "before"));
        assertThat(onB.awaitLabel("before")).isTrue();
        int source = CLUSTER.cluster().masterOf(slot);
        int target = CLUSTER.cluster().masters().stream().filter(p -> p != source).findFirst().orElseThrow();

        CLUSTER.cluster().migrateSlot(slot, target);

        awaitDelivery(topic, onB);
        for (int i = 0; i < 20; i++) {
            a.publish(publication(topic, "after " + i));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(onB.awaitLabel("after " + i)).as("after %d", i).isTrue();
        }
    }

    // ---- helpers ----

    /** One topic per master: the first {@code public.t<i>} whose partition channel that master serves. */
    private List<String> topicsOnEveryMaster() {
        List<String> topics = new ArrayList<>();
        for (int master : CLUSTER.cluster().masters()) {
            for (int i = 0; ; i++) {
                String topic = "public.t" + i;
                if (masterOf(topic) == master) {
                    topics.add(topic);
                    break;
                }
            }
        }
        return topics;
    }

    private int masterOf(String topic) {
        return CLUSTER.cluster().masterOf(SlotHash.getSlot(channels.channel(Topic.parse(topic))));
    }

    /** Publishes pings on {@code topic} from A until one reaches B (deadline {@link #WAIT}). */
    private void awaitDelivery(String topic, Inbox inbox) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            a.publish(publication(topic, "ping " + i));
            if (inbox.awaitLabelFor("ping " + i, Duration.ofMillis(300))) {
                return;
            }
        }
        fail("no publication on " + topic + " reached the other instance within " + WAIT);
    }

    private void awaitSettled() {
        await("both instances' upstream subscriptions are in place", () -> a.upstreamSettled() && b.upstreamSettled());
    }

    private static Publication publication(String topic, String label) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("label", label), AT);
    }

    private static List<String> labels(List<Delivery> deliveries) {
        return deliveries.stream().map(Recorder::label).toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** A subscriber whose deliveries a test can look through for a label, with a deadline. */
    private static final class Inbox implements Subscriber {
        private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();

        @Override
        public void deliver(Delivery delivery) {
            received.add(delivery);
        }

        boolean awaitLabel(String label) {
            return awaitLabelFor(label, WAIT);
        }

        /** The next delivery's label, within {@link #WAIT}. */
        String nextLabel() {
            try {
                Delivery delivery = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (delivery == null) {
                    fail("no delivery within " + WAIT);
                }
                return Recorder.label(delivery);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Whether a delivery labelled {@code label} arrives within {@code within} (earlier ones are consumed). */
        boolean awaitLabelFor(String label, Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    Delivery delivery = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                    if (delivery == null) {
                        return false;
                    }
                    if (label.equals(Recorder.label(delivery))) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
