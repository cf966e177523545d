package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes away under two instances and comes back (docs/scaling.md): local delivery goes on, readiness
 * and state operations say so, and afterwards subscriptions, outboxed publications and every acknowledged write
 * are back without any client action.
 */
class RedisOutageTest {
    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static RedisServerFixture redis;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.startPersistent();
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot stop");
        Map<String, String> env = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", RedisServerFixture.newKeyPrefix());
        a = TestServer.start(env);
        b = TestServer.start(env);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    /** A client.message delivery (not a presence event). */
    private static boolean isBroadcast(JsonNode frame) {
        return "message".equals(frame.path("type").asText())
                && "client.message".equals(frame.path("eventType").asText());
    }

    @Test
    void anOutageDegradesWithoutLosingAnythingAndHealsByItself() throws Exception {
        Account ada = a.api().newAccount("outage");
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(a.api().sendToChannel(ada, "outage", "before " + i));
        }
        // the subscribers wait for the client.message deliveries: the first one also gets ada's own presence.join
        try (WsClient localSubscriber = WsClient.subscribedAndJoined(a, ada, "public.outage");
             WsClient remoteSubscriber = WsClient.subscribed(b, ada, "public.outage");
             WsClient publisher = WsClient.connect(a.wsUri("/ws?token=" + ada.token()))) {

            redis.kill();

            Await.until("A is not ready", RECOVERY, () -> a.http().get("/health/ready").status() == 503);
            Http.Response write = a.http().call("POST", "/api/messages").bearer(ada.token())
                    .json(Map.of("content", "during", "channelId", "outage")).send();
            assertThat(write.status()).as(write.body()).isEqualTo(503);
            assertThat(write.json().path("error").path("code").asInt()).isEqualTo(55);

            publisher.send(Map.of("type", "message", "topic", "public.outage", "content", "while Redis is down"));
            publisher.awaitType("published");
            assertThat(localSubscriber.await(RedisOutageTest::isBroadcast, RECOVERY).path("data").path("content")
                    .asText())
                    .isEqualTo("while Redis is down");

            redis.restart();

            Await.until("A is ready again", RECOVERY, () -> a.http().get("/health/ready").status() == 200);
            Await.until("B is ready again", RECOVERY, () -> b.http().get("/health/ready").status() == 200);
            JsonNode outboxed = remoteSubscriber.await(RedisOutageTest::isBroadcast, RECOVERY);
            assertThat(outboxed.path("data").path("content").asText()).isEqualTo("while Redis is down");

            // B's subscription was restored without the client doing anything: a new publication on A reaches it.
            publisher.send(Map.of("type", "message", "topic", "public.outage", "content", "after"));
            assertThat(remoteSubscriber.await(RedisOutageTest::isBroadcast, RECOVERY).path("data").path("content")
                    .asText()).isEqualTo("after");

            for (String id : acknowledged) {
                Http.Response read = b.api().getMessage(ada.token(), id);
                assertThat(read.status()).as(read.body()).isEqualTo(200);
            }
        }
    }
}
