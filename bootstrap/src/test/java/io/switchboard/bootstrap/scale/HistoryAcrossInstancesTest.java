package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History on Redis across instances (docs/history-and-recovery.md): contiguous offsets from concurrent publishers on
 * two instances, every offset delivered exactly once per subscriber across a pub/sub interruption and across a Redis
 * kill and restart (gap repair), resync for subscriptions without history, and a new epoch after FLUSHALL.
 */
class HistoryAcrossInstancesTest {
    private static final String KEY = "history-key-0123456789-abcdefghijklmnopqr";
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() {
        java.util.Collections.reverse(closeables);
        Closeables.closeAll(closeables.toArray(AutoCloseable[]::new));
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private TestServer instance(RedisServerFixture redis, String prefix) {
        return keep(TestServer.start(Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", prefix,
                "API_KEYS", "app:" + KEY, "HISTORY_SIZE", "1000")));
    }

    private static Http.Response publish(TestServer on, String topic, Object data) {
        return on.http().call("POST", "/api/publish").header("Authorization", "ApiKey " + KEY)
                .json(Map.of("topic", topic, "data", data)).send();
    }

    /**
     * The publications delivered on {@code topic}. Presence events are not among them: the subscriber's own
     * `presence.join` (public.** is a presence topic) is ephemeral, has no offset and is not part of the stream.
     */
    private static List<JsonNode> messages(WsClient ws, String topic) {
        return ws.received().stream().filter(f -> "message".equals(f.path("type").asText())
                && topic.equals(f.path("topic").asText())
                && !f.path("eventType").asText().startsWith("presence.")).toList();
    }

    /** Waits for {@code count} messages on {@code topic}, then checks they are offsets 1..count, once each, in order. */
    private static void assertEveryOffsetOnceInOrder(WsClient ws, String topic, int count, String who) {
        Await.until(who + " got " + count + " publications", RECOVERY, () -> messages(ws, topic).size() >= count);
        List<Long> offsets = messages(ws, topic).stream().map(f -> f.path("offset").asLong()).toList();
        assertThat(offsets).as(who).containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
        List<String> epochs = messages(ws, topic).stream().map(f -> f.path("epoch").asText()).distinct().toList();
        assertThat(epochs).as(who + ": one epoch").hasSize(1);
    }

    @Test
    void concurrentPublishersOnTwoInstancesGetContiguousOffsetsAndEverySubscriberSeesThemInOrder() throws Exception {
        RedisServerFixture redis = keep(RedisServerFixture.start());
        String prefix = RedisServerFixture.newKeyPrefix();
        TestServer a = instance(redis, prefix);
        TestServer b = instance(redis, prefix);
        Account ada = a.api().newAccount("hist-concurrent");
        WsClient onA = keep(WsClient.subscribed(a, ada, "public.race"));
        WsClient onB = keep(WsClient.subscribed(b, ada, "public.race"));
        Await.until("subscriptions settled", RECOVERY,
                () -> a.app().upstreamSubscriptionsSettled() && b.app().upstreamSubscriptionsSettled());

        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            TestServer on = t % 2 == 0 ? a : b;
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    Http.Response r = publish(on, "public.race", Map.of("t", thread, "i", i));
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    answered.add(r.data().path("offset").asLong());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        int total = 4 * perThread;
        assertThat(answered.stream().sorted().toList())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertEveryOffsetOnceInOrder(onA, "public.race", total, "subscriber on A");
        assertEveryOffsetOnceInOrder(onB, "public.race", total, "subscriber on B");
    }

    @Test
    void aSubscriptionInterruptionLosesNothingOnHistoryTopicsAndResyncsTheOthers() throws Exception {
        RedisServerFixture redis = keep(RedisServerFixture.start());
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot drive");
        String prefix = RedisServerFixture.newKeyPrefix();
        TestServer a = instance(redis, prefix);
        TestServer b = instance(redis, prefix);
        Account ada = a.api().newAccount("hist-blip");
        WsClient onB = keep(WsClient.subscribed(b, ada, "public.blip"));
        WsClient noHistoryOnB = keep(WsClient.subscribed(b, ada, "sessions.some-session"));
        Await.until("subscriptions settled", RECOVERY,
                () -> a.app().upstreamSubscriptionsSettled() && b.app().upstreamSubscriptionsSettled());

        int total = 300;
        for (int i = 1; i <= total; i++) {
            assertThat(publish(a, "public.blip", Map.of("i", i)).status()).isEqualTo(200);
            if (i == 100) {
                redis.killSubscribers(); // B (and A) lose their subscription for a moment; A keeps publishing
            }
        }
        assertEveryOffsetOnceInOrder(onB, "public.blip", total, "subscriber on B");
        JsonNode resync = noHistoryOnB.await(f -> "resync".equals(f.path("type").asText()), RECOVERY);
        assertThat(resync.path("reason").asText()).isEqualTo("BROKER_RECONNECTED");
        assertThat(resync.path("topics").get(0).asText()).isEqualTo("sessions.some-session");
        assertThat(onB.received().stream().filter(f -> "resync".equals(f.path("type").asText())))
                .as("a history subscription that was repaired needs no resync").isEmpty();
    }

    @Test
    void aRedisKillAndRestartDuringSteadyPublishingDeliversEveryOffsetExactlyOnce() throws Exception {
        RedisServerFixture redis = keep(RedisServerFixture.startPersistent());
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot stop");
        String prefix = RedisServerFixture.newKeyPrefix();
        TestServer a = instance(redis, prefix);
        TestServer b = instance(redis, prefix);
        TestServer publisher = instance(redis, prefix);
        Account ada = a.api().newAccount("hist-restart");
        WsClient onA = keep(WsClient.subscribed(a, ada, "public.steady"));
        WsClient onB = keep(WsClient.subscribed(b, ada, "public.steady"));
        Await.until("subscriptions settled", RECOVERY,
                () -> a.app().upstreamSubscriptionsSettled() && b.app().upstreamSubscriptionsSettled());

        int total = 150;
        for (int i = 1; i <= total; i++) {
            assertThat(publish(publisher, "public.steady", Map.of("i", i)).status()).isEqualTo(200);
            if (i == 50) {
                redis.kill();
            }
            if (i == 100) {
                redis.restart();
            }
        }
        assertEveryOffsetOnceInOrder(onA, "public.steady", total, "subscriber on A");
        assertEveryOffsetOnceInOrder(onB, "public.steady", total, "subscriber on B");
        List<Integer> data = messages(onB, "public.steady").stream().map(f -> f.path("data").path("i").asInt())
                .toList();
        assertThat(data).as("in publication order").isSorted().hasSize(total);
    }

    @Test
    void flushAllChangesTheEpoch() throws Exception {
        RedisServerFixture redis = keep(RedisServerFixture.start());
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot flush");
        String prefix = RedisServerFixture.newKeyPrefix();
        TestServer a = instance(redis, prefix);
        Account ada = a.api().newAccount("hist-flush");
        JsonNode before = publish(a, "public.flush", Map.of("n", 1)).data();
        publish(a, "public.flush", Map.of("n", 2));
        String epoch = before.path("epoch").asText();

        // connected before the flush: the account goes with it, an open connection stays authenticated
        WsClient ws = keep(WsClient.connect(a.wsUri("/ws?token=" + ada.token())));
        assertThat(ws.ready().path("type").asText()).isEqualTo("auth_success");
        redis.flushAll();

        Map<String, Object> frame = new HashMap<>();
        frame.put("type", "subscribe");
        frame.put("topic", "public.flush");
        frame.put("since", Map.of("offset", 1, "epoch", epoch));
        ws.send(frame);
        JsonNode subscribed = ws.awaitType("subscribed");
        assertThat(subscribed.path("recovered").asBoolean()).isFalse();
        assertThat(subscribed.path("reason").asText()).isEqualTo("epoch_changed");
        String newEpoch = subscribed.path("epoch").asText();
        assertThat(newEpoch).isNotEqualTo(epoch);
        assertThat(subscribed.path("offset").asLong()).isZero();

        JsonNode after = publish(a, "public.flush", Map.of("n", 3)).data();
        assertThat(after.path("offset").asLong()).isEqualTo(1);
        assertThat(after.path("epoch").asText()).isEqualTo(newEpoch);
    }
}
