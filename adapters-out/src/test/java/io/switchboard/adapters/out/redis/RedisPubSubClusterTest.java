package io.switchboard.adapters.out.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.adapters.out.PubSubContractTest.Recorder;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Two instances on one Redis: what one publishes reaches the other's subscribers, once, in order. */
class RedisPubSubClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private RedisServerFixture redis;
    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private ClusterPubSub a;
    private ClusterPubSub b;
    private StatefulRedisConnection<String, String> probe;
    private String prefix;

    @BeforeEach
    void start() {
        redis = RedisServerFixture.start();
        prefix = RedisServerFixture.newKeyPrefix();
        connectionA = RedisAdapters.connect(redis.url());
        connectionB = RedisAdapters.connect(redis.url());
        a = RedisAdapters.pubSub(connectionA, prefix, JsonAdapters.frameEncoder(), Metrics.NONE, 1000);
        b = RedisAdapters.pubSub(connectionB, prefix, JsonAdapters.frameEncoder(), Metrics.NONE, 1000);
        probe = connectionA.client().connect();
    }

    @AfterEach
    void stop() {
        probe.close();
        a.close();
        b.close();
        connectionA.close();
        connectionB.close();
        redis.close();
    }

    @Test
    void aPublicationOnOneInstanceReachesTheOthersSubscriberOnceAndTheOwnOnceWithoutEcho() {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.subscribe(TopicPattern.parse("public.news"), onA);
        b.subscribe(TopicPattern.parse("public.news"), onB);
        awaitChannelSubscribers("public.news", 2);

        a.publish(publication("public.news", "one"));
        assertThat(Recorder.label(onB.next())).isEqualTo("one");
        // B publishes the marker only after Redis handed "one" to B, so on A's receiving connection any echo of
        // "one" would come before the marker.
        b.publish(publication("public.news", "marker"));

        assertThat(labels(onA.untilMarker())).containsExactly("one");
        assertThat(labels(onB.untilMarker())).isEmpty();
    }

    @Test
    void aDeliveryFromAnotherInstanceKeepsTheEncodedFrameAndTheData() {
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.*"), onB);
        awaitPatternSubscribers(1);

        a.publish(publication("public.news", "one"));

        Delivery delivery = onB.next();
        assertThat(delivery.topicFrame()).isEqualTo("{\"type\":\"message\",\"topic\":\"public.news\","
                + "\"eventType\":\"test.event\",\"data\":{\"label\":\"one\"},\"timestamp\":\"2026-01-02T03:04:05.678Z\"}");
        assertThat(delivery.data()).isEqualTo(new RawJson("{\"label\":\"one\"}")); // kept as it came, not parsed
        assertThat(Recorder.dataOf(delivery)).isEqualTo(Map.of("label", "one"));
        assertThat(delivery.timestamp()).isEqualTo(AT);
    }

    @Test
    void aWildcardSubscriberReceivesOnlyMatchingTopicsOnceEvenWithOverlappingUpstreamSubscriptions() {
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.*"), onB);
        b.subscribe(TopicPattern.parse("**"), onB);
        b.subscribe(TopicPattern.parse("public.news"), onB);
        awaitPatternSubscribers(2);
        awaitChannelSubscribers("public.news", 1);

        a.publish(publication("public.news", "match"));
        a.publish(publication("publicity.stunt", "also matches **"));
        a.publish(publication("public.news", "marker"));

        assertThat(labels(onB.untilMarker())).containsExactly("match", "also matches **");
    }

    @Test
    void aGlobCoveringMoreThanThePatternIsFilteredLocally() {
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.*"), onB);
        awaitPatternSubscribers(1);

        a.publish(publication("public.a.b", "too deep"));
        a.publish(publication("public.a", "marker"));

        assertThat(labels(onB.untilMarker())).isEmpty();
    }

    @Test
    void aTrailingDoubleStarAlsoReceivesItsBarePrefixTopicFromAnotherInstance() {
        // `public.**` matches `public` itself (`**` is zero or more segments), so its upstream glob must too.
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.**"), onB);
        awaitPatternSubscribers(1);

        a.publish(publication("public", "bare prefix"));
        a.publish(publication("publicity", "not matched"));
        a.publish(publication("public.a.b", "deep"));
        a.publish(publication("public.z", "marker"));

        assertThat(labels(onB.untilMarker())).containsExactly("bare prefix", "deep");
    }

    @Test
    void anEventOnSeveralTopicsReachesARemoteSubscriberOfSeveralOfThemOnce() {
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("messages.channel.*"), onB);
        b.subscribe(TopicPattern.parse("messages.user.u1"), onB);
        awaitPatternSubscribers(1);
        awaitChannelSubscribers("messages.user.u1", 1);

        a.publishAll(List.of(publication("messages.channel.general", "event"),
                publication("messages.user.u1", "event")));
        a.publish(publication("messages.user.u1", "marker"));

        assertThat(onB.untilMarker()).extracting(d -> d.topic().value()).containsExactly("messages.channel.general");
    }

    @Test
    void publicationsOnATopicArriveInOrder() {
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.order"), onB);
        awaitChannelSubscribers("public.order", 1);

        for (int i = 0; i < 200; i++) {
            a.publish(publication("public.order", Integer.toString(i)));
        }
        a.publish(publication("public.order", "marker"));

        List<String> got = labels(onB.untilMarker());
        assertThat(got).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(got.get(i)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void theOrderingTravelsWithAPublication_soAnotherInstanceDropsAStaleOne() {
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("sessions.s1"), onB);
        awaitChannelSubscribers("sessions.s1", 1);

        b.publish(ordered("sessions.s1", "v3 on B", 3)); // B's own, delivered locally
        a.publish(ordered("sessions.s1", "v2 from A, late", 2));
        a.publish(ordered("sessions.s1", "v4 from A", 4));
        a.publish(publication("sessions.s1", "marker"));

        assertThat(labels(onB.untilMarker())).containsExactly("v3 on B", "v4 from A");
    }

    private static Publication ordered(String topic, String label, long version) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("label", label), AT,
                new Publication.Ordering("session:s1", version));
    }

    @Test
    void theUpstreamSubscriptionIsDroppedWhenTheLastLocalSubscriberLeaves() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        b.subscribe(TopicPattern.parse("public.rc"), first);
        b.subscribe(TopicPattern.parse("public.rc"), second);
        awaitChannelSubscribers("public.rc", 1);

        b.unsubscribeAll(first);
        assertThat(channelSubscribers("public.rc")).isEqualTo(1);
        b.unsubscribe(TopicPattern.parse("public.rc"), second);

        awaitChannelSubscribers("public.rc", 0);
        assertThat(b.subscriptionCount()).isZero();
    }

    @Test
    void whileRedisIsDownLocalDeliveryGoesOnAndTheOutboxIsSentWhenItIsBack() {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.subscribe(TopicPattern.parse("public.outage"), onA);
        b.subscribe(TopicPattern.parse("public.outage"), onB);
        awaitChannelSubscribers("public.outage", 2);

        redis.kill();
        await("both pub/subs see Redis down", () -> !a.isConnected() && !b.isConnected());
        a.publish(publication("public.outage", "during"));
        assertThat(labels(List.of(onA.next()))).containsExactly("during");
        await("the publication waits in the outbox", () -> a.outboxSize() == 1);

        redis.restart();
        await("both pub/subs reconnected", () -> a.isConnected() && b.isConnected());
        awaitChannelSubscribers("public.outage", 2); // restored without any subscriber action
        await("the outbox is sent", () -> a.outboxSize() == 0);
        a.publish(publication("public.outage", "marker"));

        assertThat(labels(onB.untilMarker())).containsExactly("during");
        assertThat(a.outboxDropped()).isZero();
    }

    @Test
    void aMessageInAnotherWireFormatIsDroppedAndCounted_andWhatFollowsIsStillDelivered() {
        List<String> drops = new CopyOnWriteArrayList<>();
        Metrics counting = new Metrics() {
            @Override
            public void wsDropped(String reason) {
                drops.add(reason);
            }
        };
        try (ClusterPubSub c = RedisAdapters.pubSub(connectionB, prefix, JsonAdapters.frameEncoder(), counting, 1000)) {
            Recorder onC = new Recorder();
            c.subscribe(TopicPattern.parse("public.news"), onC);
            awaitChannelSubscribers("public.news", 1);

            // what an older instance (v2: a rendered frame) or a broken one would send
            probe.sync().publish(prefix + "t:public.news", "v2\nold:1\n\n\n{\"type\":\"message\",\"topic\":"
                    + "\"public.news\",\"eventType\":\"test.event\",\"data\":{},\"timestamp\":\"2026-01-02T03:04:05Z\"}");
            probe.sync().publish(prefix + "t:public.news", "v3\nnot a header");
            a.publish(publication("public.news", "marker"));

            assertThat(labels(onC.untilMarker())).isEmpty();
            assertThat(drops).containsExactly("redis_malformed", "redis_malformed");
        }
    }

    // ---- helpers ----

    private Publication publication(String topic, String label) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("label", label), AT);
    }

    private static List<String> labels(List<Delivery> deliveries) {
        return deliveries.stream().map(Recorder::label).toList();
    }

    private long channelSubscribers(String topic) {
        return probe.sync().pubsubNumsub(prefix + "t:" + topic).getOrDefault(prefix + "t:" + topic, 0L);
    }

    private void awaitChannelSubscribers(String topic, long expected) {
        await("Redis channel " + topic + " has " + expected + " subscribers",
                () -> probed(() -> channelSubscribers(topic) == expected));
    }

    private void awaitPatternSubscribers(long atLeast) {
        await("Redis has " + atLeast + " pattern subscriptions",
                () -> probed(() -> probe.sync().pubsubNumpat() >= atLeast));
    }

    /** The probe's own connection may still be reconnecting after a Redis restart: that is a "not yet". */
    private static boolean probed(BooleanSupplier question) {
        try {
            return question.getAsBoolean();
        } catch (RedisException notConnectedYet) {
            return false;
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(POLL.toNanos()); // the poll interval; the deadline above bounds the wait
        }
    }
}
