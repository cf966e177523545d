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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** The server API on two instances sharing one Redis (docs/api.md, "Publishing from your backend"). */
class ServerPublishAcrossInstancesTest {
    private static final String KEY = "notifier-secret-0123456789-abcdefghijklmnop";
    private static RedisServerFixture redis;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "API_KEYS", "notifier:" + KEY);
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    private static Http.Call call(TestServer server, String method, String path) {
        return server.http().call(method, path).header("Authorization", "ApiKey " + KEY);
    }

    private static WsClient subscribed(TestServer server, Account account, String topic) throws Exception {
        WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + account.token()));
        ws.send(Map.of("type", "subscribe", "topic", topic));
        ws.awaitType("subscribed");
        Await.until("upstream subscriptions settled", () -> server.app().upstreamSubscriptionsSettled());
        return ws;
    }

    /** {@link #subscribed}, then, on a presence topic the account was not present on, its own join. */
    private static WsClient subscribedAndJoined(TestServer server, Account account, String topic) throws Exception {
        WsClient ws = subscribed(server, account, topic);
        if (WsClient.isPresenceTopic(topic)) {
            ws.nextOwnJoin(topic, account.id());
        }
        return ws;
    }

    @Test
    void aPublishOnAReachesSubscribersOnBothInstancesOnce() throws Exception {
        Account ada = a.api().newAccount("srv-pub");
        try (WsClient onA = subscribed(a, ada, "public.srv.*");
             WsClient onB = subscribedAndJoined(b, ada, "public.srv.news")) {
            // the pattern subscriber gets ada's join on the exact topic too, before the publication
            onA.await(f -> "presence.join".equals(f.path("eventType").asText())
                    && "public.srv.news".equals(f.path("topic").asText()), WsClient.DEFAULT_WAIT);
            assertSuccess(call(a, "POST", "/api/publish").json(body("topic", "public.srv.news", "data",
                    Map.of("text", "héllo"), "eventType", "news.posted")).send(), 200);
            for (WsClient ws : List.of(onA, onB)) {
                JsonNode frame = ws.awaitType("message");
                assertThat(frame.path("topic").asText()).isEqualTo("public.srv.news");
                assertThat(frame.path("eventType").asText()).isEqualTo("news.posted");
                assertThat(frame.path("data").path("text").asText()).isEqualTo("héllo");
            }
            onA.expectNothing(Duration.ofMillis(200));
            onB.expectNothing(Duration.ofMillis(0));
        }
    }

    @Test
    void aBroadcastOnBReachesEveryTopicOnBothInstances() throws Exception {
        Account ada = a.api().newAccount("srv-bc");
        try (WsClient onA = subscribedAndJoined(a, ada, "public.bc.a");
             WsClient onB = subscribedAndJoined(b, ada, "public.bc.b")) {
            JsonNode results = assertSuccess(call(b, "POST", "/api/broadcast").json(body("topics",
                    List.of("public.bc.a", "public.bc.b", "bad topic"), "data", List.of(1, 2))).send(), 200)
                    .path("results");
            assertThat(results.get(2).path("error").path("code").asInt()).isEqualTo(2);
            assertThat(onA.awaitType("message").path("topic").asText()).isEqualTo("public.bc.a");
            assertThat(onB.awaitType("message").path("data").toString()).isEqualTo("[1,2]");
            onA.expectNothing(Duration.ofMillis(200));
            onB.expectNothing(Duration.ofMillis(0));
        }
    }

    @Test
    void aRepeatedIdempotencyKeyOnTheOtherInstanceReturnsTheFirstAnswerAndPublishesNothing() throws Exception {
        Account ada = a.api().newAccount("srv-idem");
        String key = "evt-" + UUID.randomUUID();
        // onB: ada is present through onA already, so no join follows its `subscribed`
        try (WsClient onA = subscribedAndJoined(a, ada, "public.idem");
             WsClient onB = subscribed(b, ada, "public.idem")) {
            Map<String, Object> request = body("topic", "public.idem", "data", Map.of("n", 1), "idempotencyKey", key);
            JsonNode first = assertSuccess(call(a, "POST", "/api/publish").json(request).send(), 200);
            JsonNode again = assertSuccess(call(b, "POST", "/api/publish").json(request).send(), 200);
            assertThat(again).isEqualTo(first);
            onA.awaitType("message");
            onB.awaitType("message");
            onA.expectNothing(Duration.ofMillis(300));
            onB.expectNothing(Duration.ofMillis(0));

            Map<String, Object> broadcast = body("topics", List.of("public.idem", "sessions.x"), "data", 2,
                    "idempotencyKey", key + "-bc");
            JsonNode firstBc = assertSuccess(call(b, "POST", "/api/broadcast").json(broadcast).send(), 200);
            JsonNode againBc = assertSuccess(call(a, "POST", "/api/broadcast").json(broadcast).send(), 200);
            assertThat(againBc).isEqualTo(firstBc);
            assertThat(firstBc.path("results").get(1).path("error").path("reason").asText())
                    .isEqualTo("TOPIC_RESERVED");
            onA.awaitType("message");
            onA.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void subscriberCountsAddUpOverBothInstances_countingAUserOnBothOnce() throws Exception {
        Account ada = a.api().newAccount("srv-count-ada");
        Account bob = a.api().newAccount("srv-count-bob");
        String topic = "public.count." + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient adaOnA = subscribed(a, ada, topic); WsClient adaOnB = subscribed(b, ada, "public.count.*");
             WsClient bobOnB = subscribed(b, bob, topic); WsClient bobElsewhere = subscribed(a, bob, "public.other")) {
            for (TestServer asked : List.of(a, b)) {
                JsonNode counts = assertSuccess(call(asked, "GET", "/api/topics/" + topic + "/subscribers").send(),
                        200);
                assertThat(counts.path("topic").asText()).isEqualTo(topic);
                assertThat(counts.path("connections").asInt()).as("asked %s", asked.port()).isEqualTo(3);
                assertThat(counts.path("users").asInt()).isEqualTo(2);
            }
            JsonNode none = assertSuccess(call(b, "GET", "/api/topics/public.nobody/subscribers").send(), 200);
            assertThat(none.path("connections").asInt()).isZero();
            assertThat(none.path("users").asInt()).isZero();
        }
        assertError(call(a, "GET", "/api/topics/public.count.*/subscribers").send(), 400, 2, "VALIDATION_ERROR");
    }
}
