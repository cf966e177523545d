package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.Await;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.switchboard.adapters.out.PubSubContractTest.Recorder;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.adapters.out.pubsub.ClusterPubSub;
import io.switchboard.application.port.out.HealthCheck.Status;
import io.switchboard.application.port.out.HealthCheck;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox and the inbound queue of the Redis pub/sub under trouble that is not an outage: a PUBLISH that times
 * out while every connection stays up, and payloads large enough that a count bound alone would not bound memory.
 */
class RedisPubSubBacklogTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** A's commands time out after this; CLIENT PAUSE WRITE holds a PUBLISH longer, so it fails without a reconnect. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration PAUSE = Duration.ofSeconds(4);
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final int MIB = 1 << 20;

    private RedisServerFixture redis;
    private RedisConnection connectionA;
    private RedisConnection connectionB;
    private final List<ClusterPubSub> pubSubs = new ArrayList<>();
    private StatefulRedisConnection<String, String> probe;
    private String prefix;

    @BeforeEach
    void start() {
        redis = RedisServerFixture.start();
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL is an external Redis, which this test cannot pause");
        prefix = RedisServerFixture.newKeyPrefix();
        connectionB = RedisAdapters.connect(redis.url()); // first: it pays for loading Netty and Lettuce
        connectionA = RedisAdapters.connect(redis.url(), COMMAND_TIMEOUT);
        probe = connectionB.client().connect();
    }

    @AfterEach
    void stop() {
        if (probe != null) {
            probe.close();
        }
        pubSubs.forEach(ClusterPubSub::close);
        if (connectionA != null) {
            connectionA.close();
        }
        RedisTesting.closeAll(connectionB, redis);
    }

    @Test
    void aPublishThatTimesOutHoldsLaterOnesOnlyUntilRedisTakesPublishesAgain_withoutAReconnect() {
        ClusterPubSub a = pubSub(connectionA, Metrics.NONE, 1000, RedisAdapters.DEFAULT_OUTBOX_MAX_BYTES,
                RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        ClusterPubSub b = pubSub(connectionB, Metrics.NONE, 1000, RedisAdapters.DEFAULT_OUTBOX_MAX_BYTES,
                RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.backlog"), onB);
        awaitChannelSubscribers("public.backlog", 1);
        HealthCheck health = RedisAdapters.pubSubHealth(a);
        assertThat(health.check().status()).isEqualTo(Status.UP);
        Set<Long> clientsBefore = redis.clientIds();

        redis.pauseWrites(PAUSE);
        a.publish(publication("public.backlog", "timed out"));
        await("the timed-out publication waits in the outbox", () -> a.outboxSize() >= 1);
        a.publish(publication("public.backlog", "queued 1"));
        a.publish(publication("public.backlog", "queued 2"));

        HealthCheck.Result backlog = health.check();
        assertThat(backlog.status()).isEqualTo(Status.DEGRADED);
        assertThat((Integer) backlog.details().get("outbox")).isGreaterThanOrEqualTo(3);
        assertThat(a.isConnected()).isTrue();

        a.publish(publication("public.backlog", "marker"));
        // The timed-out PUBLISH may still run when the pause ends; B drops the repeat by the message id.
        assertThat(labels(onB.untilMarker())).containsExactly("timed out", "queued 1", "queued 2");
        await("the outbox is empty again", () -> a.outboxSize() == 0);
        a.publish(publication("public.backlog", "after"));
        a.publish(publication("public.backlog", "marker"));
        assertThat(labels(onB.untilMarker())).containsExactly("after");

        assertThat(health.check().status()).isEqualTo(Status.UP);
        assertThat(redis.clientIds()).as("no connection was replaced").containsAll(clientsBefore);
        assertThat(a.outboxDropped()).isZero();
    }

    @Test
    void aBacklogOlderThanTheStallLimitMakesPubSubDown_soTheInstanceIsNotReady() {
        ClusterPubSub a = pubSub(connectionA, Metrics.NONE, 1000, RedisAdapters.DEFAULT_OUTBOX_MAX_BYTES,
                RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        HealthCheck health = RedisHealthChecks.pubSub(a, Duration.ofMillis(500));

        redis.pauseWrites(PAUSE);
        a.publish(publication("public.stall", "timed out"));
        await("the outbox counts as stalled", () -> health.check().status() == Status.DOWN);
        assertThat(a.isConnected()).isTrue();
        assertThat((Long) health.check().details().get("outboxOldestMs")).isGreaterThan(500L);

        await("the outbox drains once the pause is over", () -> health.check().status() == Status.UP);
        assertThat(a.outboxSize()).isZero();
    }

    @Test
    void theOutboxKeepsItsByteBoundWithLargePayloads_dropsTheOldest_andCountsIt() {
        CountingMetrics metrics = new CountingMetrics();
        long bound = 3 * MIB + MIB / 2;
        ClusterPubSub a = pubSub(connectionA, metrics, 1000, bound, RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        redis.pauseWrites(Duration.ofSeconds(10)); // longer than the test: the outbox must not drain meanwhile
        a.publish(publication("public.big", "probe"));
        await("the outbox is in use", () -> a.outboxSize() >= 1);

        for (int i = 0; i < 6; i++) {
            a.publish(publication("public.big", "big " + i, "x".repeat(MIB)));
            assertThat(a.outboxBytes()).isLessThanOrEqualTo(bound);
        }

        assertThat(a.outboxSize()).isEqualTo(3); // three payloads of 1 MiB and a bit fit in 3.5 MiB
        assertThat(a.outboxBytes()).isGreaterThan(3L * MIB).isLessThanOrEqualTo(bound);
        assertThat(a.outboxDropped()).isEqualTo(4); // the probe and big 0..2: the oldest go first
        assertThat(metrics.dropped("outbox_overflow")).isEqualTo(4);
    }

    @Test
    void theOutboxSendsTheNewestItKeptInOrder_afterDroppingTheOldest() {
        ClusterPubSub a = pubSub(connectionA, Metrics.NONE, 1000, 3 * MIB + MIB / 2,
                RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        ClusterPubSub b = pubSub(connectionB, Metrics.NONE, 1000, RedisAdapters.DEFAULT_OUTBOX_MAX_BYTES,
                RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        Recorder onB = new Recorder();
        b.subscribe(TopicPattern.parse("public.big"), onB);
        awaitChannelSubscribers("public.big", 1);

        // Paused until every publication below is in the outbox, however slow the machine: then unpaused.
        redis.pauseWrites(Duration.ofSeconds(60));
        a.publish(publication("public.big", "probe"));
        await("the outbox is in use", () -> a.outboxSize() >= 1);
        for (int i = 0; i < 6; i++) {
            a.publish(publication("public.big", "big " + i, "x".repeat(MIB)));
        }
        a.publish(publication("public.big", "marker"));
        redis.unpauseWrites();

        // "probe" timed out but Redis ran it once the pause was over; then the kept ones, oldest first.
        assertThat(labels(onB.untilMarker())).containsExactly("probe", "big 3", "big 4", "big 5");
    }

    @Test
    void theInboundQueueKeepsItsByteBoundWhileTheFanOutIsStuck_andCountsWhatItDrops() {
        CountingMetrics metricsB = new CountingMetrics();
        long bound = 3 * MIB + MIB / 2;
        ClusterPubSub a = pubSub(connectionA, Metrics.NONE, 1000, RedisAdapters.DEFAULT_OUTBOX_MAX_BYTES,
                RedisAdapters.DEFAULT_INBOUND_MAX_BYTES);
        ClusterPubSub b = pubSub(connectionB, metricsB, 1000, RedisAdapters.DEFAULT_OUTBOX_MAX_BYTES, bound);
        Stuck stuck = new Stuck();
        b.subscribe(TopicPattern.parse("public.flood"), stuck);
        awaitChannelSubscribers("public.flood", 1);

        int sent = 10;
        for (int i = 0; i < sent; i++) {
            a.publish(publication("public.flood", "big " + i, "x".repeat(MIB)));
        }
        await("B received or dropped every message",
                () -> stuck.entered.getCount() == 0 && b.inboundDropped() + queued(b) == sent - 1);

        assertThat(b.inboundBytes()).isLessThanOrEqualTo(bound);
        assertThat(b.inboundDropped()).isGreaterThanOrEqualTo(sent - 1 - 3);
        assertThat(metricsB.dropped("redis_inbound_overflow")).isEqualTo(b.inboundDropped());

        stuck.release.countDown();
        long expected = sent - b.inboundDropped();
        await("what B kept reaches its subscriber", () -> stuck.delivered.get() == expected);
        await("the inbound queue is empty", () -> b.inboundBytes() == 0);
    }

    // ---- helpers ----

    /** Messages waiting in B's inbound queue, from its bytes: each is a bit more than 1 MiB. */
    private static long queued(ClusterPubSub pubSub) {
        return pubSub.inboundBytes() / MIB;
    }

    private ClusterPubSub pubSub(RedisConnection connection, Metrics metrics, int outboxLimit, long outboxMaxBytes,
                                 long inboundMaxBytes) {
        ClusterPubSub pubSub = RedisAdapters.pubSub(connection, prefix, JsonAdapters.frameEncoder(), metrics,
                outboxLimit, outboxMaxBytes, inboundMaxBytes);
        pubSubs.add(pubSub);
        return pubSub;
    }

    private static Publication publication(String topic, String label) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("label", label), AT);
    }

    private static Publication publication(String topic, String label, String filler) {
        return new Publication(Topic.parse(topic), "test.event", Map.of("label", label, "filler", filler), AT);
    }

    private static List<String> labels(List<Delivery> deliveries) {
        return deliveries.stream().map(Recorder::label).toList();
    }

    private void awaitChannelSubscribers(String topic, long expected) {
        String channel = prefix + "t:" + topic;
        await("Redis channel " + topic + " has " + expected + " subscribers", () -> {
            try {
                return probe.sync().pubsubNumsub(channel).getOrDefault(channel, 0L) == expected;
            } catch (RedisException notYet) {
                return false;
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    /** A subscriber that holds the fan-out thread on its first delivery until released. */
    private static final class Stuck implements Subscriber {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong delivered = new AtomicLong();

        @Override
        public void deliver(Delivery delivery) {
            entered.countDown();
            try {
                if (!release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.incrementAndGet();
        }
    }

    private static final class CountingMetrics implements Metrics {
        private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();

        @Override
        public void wsDropped(String reason) {
            dropped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        long dropped(String reason) {
            AtomicLong count = dropped.get(reason);
            return count == null ? 0 : count.get();
        }
    }
}
