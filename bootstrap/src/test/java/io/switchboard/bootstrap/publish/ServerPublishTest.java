package io.switchboard.bootstrap.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.ServerLog;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** The server API (docs/api.md, "Publishing from your backend"): publish, broadcast, subscriber counts, API keys. */
class ServerPublishTest {
    static final String KEY = "notifier-secret-0123456789-abcdefghijklmnop";
    static final String OTHER_KEY = "billing-secret-0123456789-abcdefghijklmnopq";
    private static final String ADMIN_EMAIL = "publish-admin@example.test";

    private static TestServer server;
    private static Account user;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("API_KEYS", "notifier:" + KEY + ", billing:" + OTHER_KEY,
                "ADMIN_EMAILS", ADMIN_EMAIL, "WS_MAX_MESSAGE_SIZE", "4096"));
        user = server.api().newAccount("publish-user");
        admin = server.api().newAccount(ADMIN_EMAIL, "Publish Admin", "Corr3ct-Horse!");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Http.Call withKey(Http.Call call, String key) {
        return call.header("Authorization", "ApiKey " + key);
    }

    private static Http.Response publish(String key, Map<String, ?> body) {
        return withKey(server.http().call("POST", "/api/publish"), key).json(body).send();
    }

    private static WsClient subscribed(Account account, String topic) throws Exception {
        WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + account.token()));
        ws.send(Map.of("type", "subscribe", "topic", topic));
        ws.awaitType("subscribed");
        if (WsClient.isPresenceTopic(topic)) { // the account is not present on it yet
            ws.nextOwnJoin(topic, account.id());
        }
        return ws;
    }

    @Test
    void aKeyPublishesAnyJsonValue_andSubscribersGetItWithTheDefaultEventType() throws Exception {
        try (WsClient ws = subscribed(user, "public.news.*")) {
            Http.Response r = publish(KEY, body("topic", "public.news.today", "data", Map.of("headline", "hi")));
            assertThat(assertSuccess(r, 200).path("topic").asText()).isEqualTo("public.news.today");
            // public.** keeps history (HISTORY_TOPICS' default): the answer says where the publication is in it
            assertThat(r.data().path("offset").asLong()).isEqualTo(1);
            assertThat(r.data().path("epoch").asText()).isNotEmpty();
            JsonNode frame = ws.awaitType("message");
            assertThat(frame.path("offset").asLong()).isEqualTo(1);
            assertThat(frame.path("epoch").asText()).isEqualTo(r.data().path("epoch").asText());
            assertThat(frame.path("topic").asText()).isEqualTo("public.news.today");
            assertThat(frame.path("eventType").asText()).isEqualTo("server.message");
            assertThat(frame.path("data").path("headline").asText()).isEqualTo("hi");
            assertThat(frame.path("timestamp").asText()).isNotEmpty();

            publish(KEY, body("topic", "public.news.later", "data", List.of(1, "two", true), "eventType",
                    "news:breaking.v2"));
            JsonNode second = ws.awaitType("message");
            assertThat(second.path("eventType").asText()).isEqualTo("news:breaking.v2");
            assertThat(second.path("data").toString()).isEqualTo("[1,\"two\",true]");

            publish(KEY, body("topic", "public.news.scalar", "data", 42));
            assertThat(ws.awaitType("message").path("data").asInt()).isEqualTo(42);
        }
    }

    @Test
    void anAdminTokenPublishes_aUserTokenIsForbidden() throws Exception {
        try (WsClient ws = subscribed(user, "public.admin")) {
            Http.Response byAdmin = server.http().call("POST", "/api/publish").bearer(admin.token())
                    .json(body("topic", "public.admin", "data", Map.of("x", 1))).send();
            assertSuccess(byAdmin, 200);
            assertThat(ws.awaitType("message").path("data").path("x").asInt()).isEqualTo(1);

            Http.Response byUser = server.http().call("POST", "/api/publish").bearer(user.token())
                    .json(body("topic", "public.admin", "data", Map.of("x", 2))).send();
            assertError(byUser, 403, 5, "NOT_ALLOWED");
            ws.expectNothing(Duration.ofMillis(200));
        }
    }

    @Test
    void aWrongKeyIs401_andNoCredentialIs401() {
        assertError(publish("wrong-secret-0123456789-abcdefghijklmnop", body("topic", "public.x", "data", 1)),
                401, 4, "API_KEY_INVALID");
        assertError(server.http().call("POST", "/api/publish").json(body("topic", "public.x", "data", 1)).send(),
                401, 4, "TOKEN_MISSING");
        assertError(withKey(server.http().call("GET", "/api/auth/me"), "nope").send(), 401, 4, "API_KEY_INVALID");
    }

    @Test
    void aKeyMayDoNothingElse() throws Exception {
        String someId = UUID.randomUUID().toString();
        List<Http.Call> others = List.of(
                server.http().call("GET", "/api/auth/me"),
                server.http().call("GET", "/api/users/" + user.id()),
                server.http().call("DELETE", "/api/users/" + user.id()),
                server.http().call("POST", "/api/messages").json(body("content", "hi", "channelId", "general")),
                server.http().call("GET", "/api/messages"),
                server.http().call("GET", "/api/sessions/" + someId),
                server.http().call("POST", "/api/sessions/" + someId + "/start"));
        for (Http.Call call : others) {
            assertError(withKey(call, KEY).send(), 403, 5, "API_KEY_NOT_ALLOWED");
        }
        assertThat(server.api().me(user.token()).status()).as("the user still exists").isEqualTo(200);

        // The WebSocket endpoint refuses a key at the upgrade, in the header and in ?token=.
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"), Map.of("Authorization", "ApiKey " + KEY))) {
            throw new AssertionError("upgraded with an API key");
        } catch (WsClient.Refused refused) {
            assertThat(refused.status()).isEqualTo(403);
        }
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + KEY))) {
            throw new AssertionError("upgraded with an API key as token");
        } catch (WsClient.Refused refused) {
            assertThat(refused.status()).isEqualTo(401);
        }
    }

    @Test
    void sessionTopicsAreRefused_patternsAndBadTopicsAreCode2() {
        assertError(publish(KEY, body("topic", "sessions." + UUID.randomUUID(), "data", 1)), 403, 5,
                "TOPIC_RESERVED");
        assertError(publish(KEY, body("topic", "sessions", "data", 1)), 403, 5, "TOPIC_RESERVED");
        assertError(publish(KEY, body("topic", "public.*", "data", 1)), 400, 2, "VALIDATION_ERROR");
        assertError(publish(KEY, body("topic", "public..x", "data", 1)), 400, 2, "VALIDATION_ERROR");
        assertError(publish(KEY, body("data", 1)), 400, 2, "VALIDATION_ERROR");
        assertError(publish(KEY, body("topic", "public.x")), 400, 2, "VALIDATION_ERROR");
        assertError(publish(KEY, body("topic", "public.x", "data", 1, "eventType", "bad type!")), 400, 2,
                "VALIDATION_ERROR");
        assertError(publish(KEY, body("topic", "public.x", "data", 1, "eventType", "x".repeat(65))), 400, 2,
                "VALIDATION_ERROR");
        assertError(publish(KEY, body("topic", "public.x", "data", 1, "idempotencyKey", "k".repeat(65))), 400, 2,
                "VALIDATION_ERROR");
    }

    @Test
    void dataLargerThanWsMaxMessageSizeIs413() throws Exception {
        try (WsClient ws = subscribed(user, "public.big")) {
            Http.Response tooBig = publish(KEY, body("topic", "public.big", "data", "x".repeat(4096)));
            assertError(tooBig, 413, 8, "PAYLOAD_TOO_LARGE");
            assertSuccess(publish(KEY, body("topic", "public.big", "data", "x".repeat(4000))), 200);
            assertThat(ws.awaitType("message").path("data").asText()).hasSize(4000);
            ws.expectNothing(Duration.ofMillis(100));
        }
    }

    @Test
    void aBroadcastReachesEveryGoodTopic_andReportsTheBadOnesOneByOne() throws Exception {
        try (WsClient one = subscribed(user, "public.bc.one"); WsClient two = subscribed(admin, "public.bc.two")) {
            Http.Response r = withKey(server.http().call("POST", "/api/broadcast"), KEY)
                    .json(body("topics", List.of("public.bc.one", "public.*", "sessions.abc", "public.bc.two",
                            "public.bc.one"), "data", Map.of("n", 7), "eventType", "bc.test"))
                    .send();
            JsonNode results = assertSuccess(r, 200).path("results");
            assertThat(results).hasSize(5);
            assertThat(results.get(0).path("topic").asText()).isEqualTo("public.bc.one");
            assertThat(results.get(0).has("error")).isFalse();
            assertThat(results.get(1).path("topic").asText()).isEqualTo("public.*");
            assertThat(results.get(1).path("error").path("code").asInt()).isEqualTo(2);
            assertThat(results.get(2).path("error").path("code").asInt()).isEqualTo(5);
            assertThat(results.get(2).path("error").path("reason").asText()).isEqualTo("TOPIC_RESERVED");
            assertThat(results.get(3).has("error")).isFalse();
            assertThat(results.get(4).path("error").path("code").asInt()).as("listed twice").isEqualTo(2);

            JsonNode got = one.awaitType("message");
            assertThat(got.path("eventType").asText()).isEqualTo("bc.test");
            assertThat(got.path("data").path("n").asInt()).isEqualTo(7);
            assertThat(two.awaitType("message").path("topic").asText()).isEqualTo("public.bc.two");
            one.expectNothing(Duration.ofMillis(200));
            two.expectNothing(Duration.ofMillis(0));
        }
        Http.Response empty = withKey(server.http().call("POST", "/api/broadcast"), KEY)
                .json(body("topics", List.of(), "data", 1)).send();
        assertError(empty, 400, 2, "VALIDATION_ERROR");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("public.t" + i);
        }
        assertError(withKey(server.http().call("POST", "/api/broadcast"), KEY)
                .json(body("topics", tooMany, "data", 1)).send(), 400, 2, "VALIDATION_ERROR");
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstAnswerAndPublishesOnce_perCredential() throws Exception {
        try (WsClient ws = subscribed(user, "public.idem")) {
            Map<String, Object> request = body("topic", "public.idem", "data", Map.of("n", 1), "idempotencyKey",
                    "order-42");
            assertSuccess(publish(KEY, request), 200);
            Http.Response again = publish(KEY, request);
            assertThat(assertSuccess(again, 200).path("topic").asText()).isEqualTo("public.idem");
            assertThat(ws.awaitType("message").path("data").path("n").asInt()).isEqualTo(1);
            ws.expectNothing(Duration.ofMillis(300));

            // another credential has its own keys
            assertSuccess(publish(OTHER_KEY, request), 200);
            ws.awaitType("message");
            ws.expectNothing(Duration.ofMillis(200));

            Map<String, Object> broadcast = body("topics", List.of("public.idem", "public.*"), "data", 2,
                    "idempotencyKey", "bc-1");
            JsonNode first = assertSuccess(withKey(server.http().call("POST", "/api/broadcast"), KEY)
                    .json(broadcast).send(), 200);
            JsonNode repeat = assertSuccess(withKey(server.http().call("POST", "/api/broadcast"), KEY)
                    .json(broadcast).send(), 200);
            assertThat(repeat).isEqualTo(first);
            ws.awaitType("message");
            ws.expectNothing(Duration.ofMillis(300));
        }
    }

    @Test
    void subscriberCountsCountConnectionsThatWouldReceive_andDistinctUsers() throws Exception {
        String topic = "public.count." + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient a1 = subscribed(user, topic); WsClient a2 = subscribed(user, "public.count.*");
             WsClient b1 = subscribed(admin, "public.**"); WsClient other = subscribed(admin, "public.nope")) {
            JsonNode counts = assertSuccess(withKey(server.http().call("GET", "/api/topics/" + topic
                    + "/subscribers"), KEY).send(), 200);
            assertThat(counts.path("topic").asText()).isEqualTo(topic);
            assertThat(counts.path("connections").asInt()).isEqualTo(3);
            assertThat(counts.path("users").asInt()).isEqualTo(2);

            JsonNode byAdmin = assertSuccess(server.http().call("GET", "/api/topics/public.nobody/subscribers")
                    .bearer(admin.token()).send(), 200);
            assertThat(byAdmin.path("connections").asInt()).isEqualTo(1); // public.**
            assertError(server.http().call("GET", "/api/topics/public.x/subscribers").bearer(user.token()).send(),
                    403, 5, "NOT_ALLOWED");
            assertError(withKey(server.http().call("GET", "/api/topics/public.*/subscribers"), KEY).send(),
                    400, 2, "VALIDATION_ERROR");
        }
    }

    @Test
    void theLogNamesTheKeyButNeverShowsItsSecret() {
        String requestId = "publish-log-" + UUID.randomUUID();
        withKey(server.http().call("POST", "/api/publish"), KEY).requestId(requestId)
                .json(body("topic", "public.logged", "data", 1)).send();
        List<String> lines = ServerLog.awaitLinesContaining(requestId);
        assertThat(String.join("\n", lines)).contains("notifier");
        assertThat(ServerLog.contents()).doesNotContain(KEY).doesNotContain(OTHER_KEY);
    }
}
