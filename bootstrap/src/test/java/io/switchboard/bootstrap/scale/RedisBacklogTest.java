package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trouble on the publishing path that is not an outage: Redis holds writes (CLIENT PAUSE WRITE) so a PUBLISH times
 * out while every connection stays up. The backlog shows in /health and /metrics, publications still reach the
 * other instance once Redis takes them again, without any reconnect, and the outbox keeps its byte bound.
 */
class RedisBacklogTest {
    /** Longer than the command timeout (2 s), so the PUBLISH in flight fails. */
    private static final Duration PAUSE = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final long OUTBOX_MAX_BYTES = 300_000;
    private static RedisServerFixture redis;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot pause");
        Map<String, String> env = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", RedisServerFixture.newKeyPrefix(),
                "REDIS_OUTBOX_MAX_BYTES", Long.toString(OUTBOX_MAX_BYTES), "WS_RATE_LIMIT", "0");
        a = TestServer.start(env);
        b = TestServer.start(env);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    @Test
    void aTimedOutPublishDegradesHealth_showsInMetrics_andLaterPublicationsStillReachTheOtherInstance() throws Exception {
        Account ada = a.api().newAccount("backlog");
        try (WsClient remote = WsClient.subscribed(b, ada, "public.backlog");
             WsClient publisher = WsClient.connect(a.wsUri("/ws?token=" + ada.token()))) {
            Set<Long> clientsBefore = redis.clientIds();

            redis.pauseWrites(PAUSE);
            publish(publisher, "public.backlog", "first");
            // (The overall status may say more: the paused writes also hold the state store's connection.)
            JsonNode pubsub = awaitBacklog();
            assertThat(pubsub.path("outbox").asInt()).isPositive();
            assertThat(pubsub.path("outboxBytes").asLong()).isPositive();
            assertThat(metric(a, "switchboard_pubsub_outbox_size")).isPositive();
            assertThat(metric(a, "switchboard_pubsub_outbox_bytes")).isPositive();
            publish(publisher, "public.backlog", "second");
            publish(publisher, "public.backlog", "third");

            assertThat(contents(remote, 3)).containsExactly("first", "second", "third");
            Await.until("A's outbox is sent", RECOVERY,
                    () -> "up".equals(pubsubCheck(a).path("status").asText()) && pubsubCheck(a).path("outbox").asInt() == 0);
            assertThat(metric(a, "switchboard_pubsub_outbox_size")).isZero();
            publish(publisher, "public.backlog", "after");
            assertThat(contents(remote, 1)).containsExactly("after");
            assertThat(redis.clientIds()).as("no connection was replaced").containsAll(clientsBefore);
        }
    }

    @Test
    void theOutboxKeepsItsByteBoundWithLargePublications_andCountsWhatItDrops() throws Exception {
        Account ada = a.api().newAccount("outbox-bytes");
        try (WsClient remote = WsClient.subscribed(b, ada, "public.large");
             WsClient publisher = WsClient.connect(a.wsUri("/ws?token=" + ada.token()))) {
            double droppedBefore = metric(a, "switchboard_ws_dropped_total{reason=\"outbox_overflow\"}");

            redis.pauseWrites(PAUSE);
            publish(publisher, "public.large", "probe");
            awaitBacklog();
            String filler = "x".repeat(100_000);
            for (int i = 0; i < 5; i++) {
                publisher.send(Map.of("type", "message", "topic", "public.large", "content", "big " + i,
                        "data", Map.of("filler", filler)));
                publisher.awaitType("published");
                assertThat(metric(a, "switchboard_pubsub_outbox_bytes")).isLessThanOrEqualTo(OUTBOX_MAX_BYTES);
            }

            assertThat(metric(a, "switchboard_ws_dropped_total{reason=\"outbox_overflow\"}") - droppedBefore)
                    .isGreaterThanOrEqualTo(3);
            assertThat(pubsubCheck(a).path("outboxDropped").asLong()).isGreaterThanOrEqualTo(3);
            // The newest were kept: they reach B, in order, once Redis takes writes again.
            List<String> got = new ArrayList<>();
            while (!got.contains("big 4")) {
                got.addAll(contents(remote, 1));
            }
            assertThat(got).contains("big 3").endsWith("big 3", "big 4");
            Await.until("A's outbox is sent", RECOVERY, () -> pubsubCheck(a).path("outbox").asInt() == 0);
        }
    }

    // ---- helpers ----

    private static JsonNode awaitBacklog() {
        return Await.value("A's pubsub check shows a backlog", RECOVERY, () -> {
            JsonNode pubsub = pubsubCheck(a);
            return "degraded".equals(pubsub.path("status").asText()) && pubsub.path("outbox").asInt() > 0
                    ? java.util.Optional.of(pubsub) : java.util.Optional.empty();
        });
    }

    private static JsonNode pubsubCheck(TestServer server) {
        return server.http().get("/health").json().path("checks").path("pubsub");
    }

    private static void publish(WsClient publisher, String topic, String content) throws InterruptedException {
        publisher.send(Map.of("type", "message", "topic", topic, "content", content));
        publisher.awaitType("published");
    }

    private static List<String> contents(WsClient subscriber, int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // the client.message deliveries (the subscriber's own presence.join on the topic comes first)
            got.add(subscriber.await(f -> "client.message".equals(f.path("eventType").asText()), RECOVERY)
                    .path("data").path("content").asText());
        }
        return got;
    }

    /** One sample of A's /metrics; 0 when the series is absent. */
    private static double metric(TestServer server, String series) {
        String body = server.http().get("/metrics").body();
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
