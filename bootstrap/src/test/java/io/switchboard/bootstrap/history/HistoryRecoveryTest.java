package io.switchboard.bootstrap.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History and recovery over real HTTP and WebSockets, in memory mode (docs/history-and-recovery.md): offsets on the
 * frames and in the publish answer, exact recovery (replay then live, no gap, no duplicate), recovered:false with a
 * reason and nothing replayed, pattern recovery of a topic created while the client was away, GET /api/history.
 */
class HistoryRecoveryTest {
    static final String KEY = "history-key-0123456789-abcdefghijklmnopqr";
    private static final String ADMIN_EMAIL = "history-admin@example.test";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestServer server;
    private static Account user;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("API_KEYS", "app:" + KEY, "ADMIN_EMAILS", ADMIN_EMAIL,
                "HISTORY_SIZE", "5", "HISTORY_REPLAY_MAX", "3"));
        user = server.api().newAccount("history-user");
        admin = server.api().newAccount(ADMIN_EMAIL, "History Admin", "Corr3ct-Horse!");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode publish(TestServer on, String topic, Object data) {
        Http.Response r = on.http().call("POST", "/api/publish").header("Authorization", "ApiKey " + KEY)
                .json(Map.of("topic", topic, "data", data)).send();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data();
    }

    private static WsClient subscribe(Account account, Map<String, Object> frame) throws Exception {
        WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + account.token()));
        ws.send(frame);
        return ws;
    }

    private static Map<String, Object> since(String topic, long offset, String epoch) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "subscribe");
        frame.put("topic", topic);
        frame.put("since", Map.of("offset", offset, "epoch", epoch));
        return frame;
    }

    /**
     * The next delivered publication. The subscriber's own `presence.join` (public.** is a presence topic; it follows
     * `subscribed` and any replay, has no offset and is never replayed) is skipped here and counted where it matters.
     */
    private static JsonNode message(WsClient ws) throws InterruptedException {
        return ws.await(f -> "message".equals(f.path("type").asText()) && !isPresence(f), WAIT);
    }

    private static boolean isPresence(JsonNode frame) {
        return frame.path("eventType").asText().startsWith("presence.");
    }

    @Test
    void aReconnectingClientGetsWhatItMissedThenLiveOnesWithoutGapOrDuplicate() throws Exception {
        String epoch;
        try (WsClient live = WsClient.subscribed(server, user, "public.exact")) {
            JsonNode first = publish(server, "public.exact", Map.of("n", 1));
            epoch = first.path("epoch").asText();
            assertThat(first.path("offset").asLong()).isEqualTo(1);
            JsonNode frame = message(live);
            assertThat(frame.path("offset").asLong()).isEqualTo(1);
            assertThat(frame.path("epoch").asText()).isEqualTo(epoch);
        }
        // the user left (so `back` makes them present again and gets its own join)
        Await.until("the user left public.exact", () -> server.http().call("GET", "/api/presence?topic=public.exact")
                .bearer(user.token()).send().json().path("data").path("total").asLong() == 0);
        publish(server, "public.exact", Map.of("n", 2));
        publish(server, "public.exact", Map.of("n", 3));

        try (WsClient back = subscribe(user, since("public.exact", 1, epoch))) {
            JsonNode subscribed = back.awaitType("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isTrue();
            assertThat(subscribed.path("offset").asLong()).isEqualTo(3);
            assertThat(subscribed.path("epoch").asText()).isEqualTo(epoch);
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i == 2) {
                    // the replay (2, 3), then its own presence.join (no offset), then the live one
                    back.nextOwnJoin("public.exact", user.id());
                    publish(server, "public.exact", Map.of("n", 4));
                }
                JsonNode m = back.next();
                assertThat(m.path("type").asText()).as(m.toString()).isEqualTo("message");
                offsets.add(m.path("offset").asLong());
                assertThat(m.path("data").path("n").asLong()).isEqualTo(m.path("offset").asLong());
            }
            assertThat(offsets).containsExactly(2L, 3L, 4L);
            back.expectNothing(Duration.ofMillis(200));
            assertThat(back.received().stream().filter(f -> "message".equals(f.path("type").asText())
                    && !isPresence(f)).count()).isEqualTo(3);
            assertThat(back.received().stream().filter(HistoryRecoveryTest::isPresence)
                    .map(f -> f.path("eventType").asText() + " " + f.path("data").path("userId").asText()))
                    .containsExactly("presence.join " + user.id());
        }
    }

    @Test
    void anotherEpochATrimmedWindowAndTooManyAnswerRecoveredFalseAndReplayNothing() throws Exception {
        String epoch = "";
        long top = 0;
        for (int i = 1; i <= 8; i++) {
            JsonNode published = publish(server, "public.trim", Map.of("n", i));
            epoch = published.path("epoch").asText();
            top = published.path("offset").asLong();
        }
        // HISTORY_SIZE=5 keeps top-4..top; HISTORY_REPLAY_MAX=3
        for (String reason : List.of("epoch_changed", "trimmed", "too_many")) {
            long from = switch (reason) {
                case "trimmed" -> top - 6;
                case "too_many" -> top - 4;
                default -> top - 1;
            };
            String sinceEpoch = reason.equals("epoch_changed") ? "another-epoch" : epoch;
            try (WsClient ws = subscribe(user, since("public.trim", from, sinceEpoch))) {
                JsonNode subscribed = ws.awaitType("subscribed");
                assertThat(subscribed.path("recovered").asBoolean()).as(reason).isFalse();
                assertThat(subscribed.path("reason").asText()).isEqualTo(reason);
                assertThat(subscribed.path("offset").asLong()).isEqualTo(top);
                assertThat(subscribed.path("epoch").asText()).isEqualTo(epoch);
                JsonNode next = publish(server, "public.trim", Map.of("n", "live"));
                top = next.path("offset").asLong();
                JsonNode m = message(ws);
                assertThat(m.path("offset").asLong()).as("nothing replayed: the first message is live")
                        .isEqualTo(top);
            }
        }
        // within the window and the replay bound it works
        try (WsClient ws = subscribe(user, since("public.trim", top - 1, epoch))) {
            assertThat(ws.awaitType("subscribed").path("recovered").asBoolean()).isTrue();
            assertThat(message(ws).path("offset").asLong()).isEqualTo(top);
        }
    }

    @Test
    void aPatternRecoversTopicsCreatedWhileTheClientWasAwayInPublicationOrder() throws Exception {
        publish(server, "public.rooms.old", Map.of("n", "before"));
        long away = Long.parseLong(server.http().get("/api/time").data().path("epochMs").asText());
        publish(server, "public.rooms.old", Map.of("n", "a"));
        publish(server, "public.rooms.created-later", Map.of("n", "b"));
        publish(server, "public.other", Map.of("n", "not matched"));
        publish(server, "public.rooms.old", Map.of("n", "c"));

        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "subscribe");
        frame.put("topic", "public.rooms.*");
        frame.put("since", Map.of("timestamp", away));
        try (WsClient ws = subscribe(user, frame)) {
            JsonNode subscribed = ws.awaitType("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).as(subscribed.toString()).isTrue();
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode m = message(ws);
                replayed.add(m.path("topic").asText() + "@" + m.path("offset").asLong() + "="
                        + m.path("data").path("n").asText());
            }
            assertThat(replayed).containsExactly("public.rooms.old@2=a", "public.rooms.created-later@1=b",
                    "public.rooms.old@3=c");
        }
    }

    @Test
    void aPatternWithoutHistorySaysSoAtSubscribeTime() throws Exception {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "subscribe");
        frame.put("topic", "sessions.*");
        frame.put("since", Map.of("timestamp", 0));
        try (WsClient ws = subscribe(user, frame)) {
            JsonNode subscribed = ws.awaitType("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).isFalse();
            assertThat(subscribed.path("reason").asText()).isEqualTo("no_history");
        }
    }

    @Test
    void getHistoryReadsAfterAnOffsetForWhoeverMaySubscribe() {
        for (int i = 1; i <= 3; i++) {
            publish(server, "public.read", Map.of("n", i));
        }
        Http.Response r = server.http().call("GET", "/api/history?topic=public.read&since=1&limit=1")
                .bearer(user.token()).send();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.data().path("topic").asText()).isEqualTo("public.read");
        assertThat(r.data().path("offset").asLong()).isEqualTo(3);
        assertThat(r.data().path("epoch").asText()).isNotEmpty();
        assertThat(r.data().path("publications")).hasSize(1);
        JsonNode p = r.data().path("publications").get(0);
        assertThat(p.path("offset").asLong()).isEqualTo(2);
        assertThat(p.path("eventType").asText()).isEqualTo("server.message");
        assertThat(p.path("data").path("n").asInt()).isEqualTo(2);
        assertThat(p.path("timestamp").asText()).endsWith("Z");

        String other = "messages.user." + admin.id();
        assertThat(server.http().call("GET", "/api/history?topic=" + other).bearer(user.token()).send().status())
                .isEqualTo(403);
        assertThat(server.http().call("GET", "/api/history?topic=" + other).bearer(admin.token()).send().status())
                .isEqualTo(200);
        Http.Response notKept = server.http().call("GET", "/api/history?topic=sessions.x").bearer(user.token())
                .send();
        assertThat(notKept.status()).isEqualTo(400);
        assertThat(notKept.json().path("error").path("reason").asText()).isEqualTo("HISTORY_NOT_KEPT");
        assertThat(server.http().call("GET", "/api/history?topic=public.read&limit=101").bearer(user.token())
                .send().status()).isEqualTo(400);
        assertThat(server.http().call("GET", "/api/history?topic=public.*").bearer(user.token()).send().status())
                .isEqualTo(400);
        assertThat(server.http().call("GET", "/api/history?topic=public.read").send().status()).isEqualTo(401);
    }
}
