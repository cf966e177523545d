package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.ISO_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session dialect of /ws (docs/sessions.md) and the sessions.{id} topic, against REST changes. */
class SessionWebSocketTest {
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;
    private static Account watcherAccount;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0", "SWITCH_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-ws-owner");
        watcherAccount = server.api().newAccount("session-ws-watcher");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWatcherConnectedBeforeCreate_getsConnected_thenStateUpdateCreated() throws Exception {
        Map<String, Object> body = perParticipant(60_000, "white", "black");
        String id = (String) body.get("sessionId");
        try (WsClient ws = sessions.watch(watcherAccount, id)) {
            long before = System.currentTimeMillis();
            JsonNode connected = ws.next();
            assertThat(fieldNames(connected)).containsExactlyInAnyOrder("type", "sessionId", "timestamp");
            assertThat(connected.path("type").asText()).isEqualTo("CONNECTED");
            assertThat(connected.path("sessionId").asText()).isEqualTo(id);
            assertEpochMsNear(connected.path("timestamp"), before);
            ws.expectNothing(Duration.ofMillis(200)); // no STATE_SYNC: the session does not exist yet

            JsonNode created = sessions.created(owner, body);

            JsonNode update = ws.next();
            assertThat(fieldNames(update)).containsExactlyInAnyOrder("type", "sessionId", "timestamp", "state", "event");
            assertThat(update.path("type").asText()).isEqualTo("STATE_UPDATE");
            assertThat(update.path("event").asText()).isEqualTo("CREATED");
            assertThat(update.path("sessionId").asText()).isEqualTo(id);
            assertEpochMsNear(update.path("timestamp"), before);
            assertThat(withoutServerTime(update.path("state"))).isEqualTo(withoutServerTime(created));
            assertThat(update.path("state").path("serverTime").asText()).matches(ISO_MILLIS);
        }
    }

    @Test
    void aWatcherOfAnExistingSession_getsConnected_thenStateSync() throws Exception {
        String id = id(sessions.created(owner, perParticipant(60_000, "white", "black")));
        JsonNode started = sessions.ok(owner, id, "start");

        try (WsClient ws = sessions.watch(watcherAccount, id)) {
            assertThat(ws.next().path("type").asText()).isEqualTo("CONNECTED");
            JsonNode sync = ws.next();
            assertThat(fieldNames(sync)).containsExactlyInAnyOrder("type", "sessionId", "timestamp", "state");
            assertThat(sync.path("type").asText()).isEqualTo("STATE_SYNC");
            assertThat(sync.path("sessionId").asText()).isEqualTo(id);
            assertThat(withoutServerTime(sync.path("state"))).isEqualTo(withoutServerTime(started));
        }
    }

    @Test
    void twoWatchers_seeTheSameVersions_inOrder_withoutGaps_eachWithItsEvent() throws Exception {
        String id = id(sessions.created(owner, perParticipant(60_000, "white", "black")));
        try (WsClient a = sessions.watch(owner, id); WsClient b = sessions.watch(watcherAccount, id)) {
            a.awaitType("STATE_SYNC");
            b.awaitType("STATE_SYNC");
            List<JsonNode> answers = new ArrayList<>();
            for (String op : List.of("start", "switch", "switch", "pause", "resume", "switch", "complete")) {
                answers.add(sessions.ok(owner, id, op));
            }
            List<String> events = List.of("STARTED", "SWITCHED", "SWITCHED", "PAUSED", "RESUMED", "SWITCHED",
                    "COMPLETED");

            for (WsClient watcher : List.of(a, b)) {
                for (int i = 0; i < answers.size(); i++) {
                    JsonNode update = watcher.next();
                    assertThat(update.path("type").asText()).isEqualTo("STATE_UPDATE");
                    assertThat(update.path("event").asText()).isEqualTo(events.get(i));
                    assertThat(version(update.path("state"))).as("version without gaps").isEqualTo(2 + i);
                    assertThat(withoutServerTime(update.path("state"))).isEqualTo(withoutServerTime(answers.get(i)));
                }
                watcher.expectNothing(Duration.ofMillis(100));
            }
            assertThat(stateFrames(a.received())).isEqualTo(stateFrames(b.received()));
        }
    }

    @Test
    void delete_sendsSessionDeleted_thenClose1000() throws Exception {
        String id = id(sessions.created(owner, perParticipant(60_000, "white")));
        try (WsClient ws = sessions.watch(watcherAccount, id)) {
            ws.awaitType("STATE_SYNC");

            assertThat(sessions.delete(owner, id).status()).isEqualTo(204);

            JsonNode deleted = ws.next();
            assertThat(fieldNames(deleted)).containsExactlyInAnyOrder("type", "sessionId", "timestamp");
            assertThat(deleted.path("type").asText()).isEqualTo("SESSION_DELETED");
            assertThat(deleted.path("sessionId").asText()).isEqualTo(id);
            assertThat(deleted.path("timestamp").isIntegralNumber()).isTrue();
            assertThat(ws.awaitClose()).isEqualTo(1000);
        }
    }

    @Test
    void reconnect_isAnsweredWithStateSyncOfTheCurrentState() throws Exception {
        String id = id(sessions.created(owner, perParticipant(60_000, "white", "black")));
        try (WsClient ws = sessions.watch(watcherAccount, id)) {
            ws.awaitType("STATE_SYNC");
            sessions.ok(owner, id, "start");
            JsonNode current = sessions.ok(owner, id, "switch");
            ws.await(f -> f.has("state") && version(f.path("state")) == 3, WsClient.DEFAULT_WAIT);

            ws.send(Map.of("type", "RECONNECT"));

            JsonNode sync = ws.next();
            assertThat(sync.path("type").asText()).isEqualTo("STATE_SYNC");
            assertThat(sync.path("sessionId").asText()).isEqualTo(id);
            assertThat(withoutServerTime(sync.path("state"))).isEqualTo(withoutServerTime(current));
        }
    }

    @Test
    void reconnect_forASessionThatDoesNotExist_isErrorSessionNotFound_andTheConnectionStays() throws Exception {
        String id = UUID.randomUUID().toString();
        try (WsClient ws = sessions.watch(watcherAccount, id)) {
            assertThat(ws.next().path("type").asText()).isEqualTo("CONNECTED");

            ws.send(Map.of("type", "RECONNECT"));

            JsonNode error = ws.next();
            assertThat(error.path("type").asText()).isEqualTo("ERROR");
            assertThat(error.path("code").asText()).isEqualTo("SESSION_NOT_FOUND");
            assertThat(error.path("message").asText()).isNotBlank();
            ws.send(Map.of("type", "PING"));
            assertThat(ws.next().path("type").asText()).isEqualTo("PONG");
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void ping_isAnsweredWithPong_carryingTheServerTime() throws Exception {
        try (WsClient ws = sessions.watch(watcherAccount, UUID.randomUUID().toString())) {
            ws.awaitType("CONNECTED");
            long before = System.currentTimeMillis();

            ws.send(Map.of("type", "PING"));

            JsonNode pong = ws.next();
            long after = System.currentTimeMillis();
            assertThat(fieldNames(pong)).containsExactlyInAnyOrder("type", "timestamp");
            assertThat(pong.path("type").asText()).isEqualTo("PONG");
            assertThat(pong.path("timestamp").isIntegralNumber()).isTrue();
            // Same machine, same clock: the sample lies between sending and receiving (1 ms for rounding).
            assertThat(pong.path("timestamp").asLong()).isBetween(before - 1, after + 1);
        }
    }

    @Test
    void anUnknownFrame_isErrorInvalidMessage_andTheConnectionStays() throws Exception {
        try (WsClient ws = sessions.watch(watcherAccount, UUID.randomUUID().toString())) {
            ws.awaitType("CONNECTED");

            ws.send(Map.of("type", "SUBSCRIBE"));
            JsonNode unknown = ws.next();
            ws.send("{not json");
            JsonNode malformed = ws.next();

            assertThat(unknown.path("type").asText()).isEqualTo("ERROR");
            assertThat(unknown.path("code").asText()).isEqualTo("INVALID_MESSAGE");
            assertThat(malformed.path("code").asText()).isEqualTo("INVALID_MESSAGE");
            ws.send(Map.of("type", "PING"));
            assertThat(ws.next().path("type").asText()).isEqualTo("PONG");
        }
    }

    @ParameterizedTest(name = "sessionId={0}")
    @ValueSource(strings = {"not-a-uuid", "123", "0f8fad5b-d9cb-469f-a165-70867728950z"})
    void aSessionIdThatIsNotAUuid_refusesTheUpgradeWith400(String bad) {
        assertThatThrownBy(() -> WsClient.connect(sessions.watchUri(owner, bad)))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void aMissingOrBadToken_refusesTheUpgradeWith401() {
        String id = UUID.randomUUID().toString();

        assertThatThrownBy(() -> WsClient.connect(server.wsUri("/ws?sessionId=" + id)))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        assertThatThrownBy(() -> WsClient.connect(server.wsUri("/ws?sessionId=" + id + "&token=not.a.jwt")))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
        String expired = server.tokens().forUser(owner.id()).expiredAgo(Duration.ofMinutes(5)).mint();
        assertThatThrownBy(() -> WsClient.connect(server.wsUri("/ws?sessionId=" + id + "&token=" + expired)))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void theTokenMayComeInTheAuthorizationHeader() throws Exception {
        String id = UUID.randomUUID().toString();
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?sessionId=" + id),
                Map.of("Authorization", "Bearer " + watcherAccount.token()))) {
            assertThat(ws.next().path("type").asText()).isEqualTo("CONNECTED");
        }
    }

    @Test
    void aTopicClientSubscribedToTheSession_getsSessionUpdated_withStateAndEvent_thenSessionDeleted() throws Exception {
        Map<String, Object> body = perParticipant(60_000, "white", "black");
        String id = (String) body.get("sessionId");
        String topic = "sessions." + id;
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + watcherAccount.token()))) {
            ws.send(Map.of("type", "subscribe", "topic", topic));
            assertThat(ws.awaitType("subscribed").path("topic").asText()).isEqualTo(topic);

            JsonNode created = sessions.created(owner, body);
            JsonNode started = sessions.ok(owner, id, "start");

            JsonNode first = ws.awaitType("message");
            assertThat(first.path("topic").asText()).isEqualTo(topic);
            assertThat(first.path("eventType").asText()).isEqualTo("session.updated");
            assertThat(first.path("timestamp").asText()).matches(ISO_MILLIS);
            assertThat(fieldNames(first.path("data"))).containsExactlyInAnyOrder("state", "event");
            assertThat(first.path("data").path("event").asText()).isEqualTo("CREATED");
            assertThat(withoutServerTime(first.path("data").path("state"))).isEqualTo(withoutServerTime(created));
            JsonNode second = ws.awaitType("message");
            assertThat(second.path("data").path("event").asText()).isEqualTo("STARTED");
            assertThat(withoutServerTime(second.path("data").path("state"))).isEqualTo(withoutServerTime(started));

            assertThat(sessions.delete(owner, id).status()).isEqualTo(204);
            JsonNode deleted = ws.awaitType("message");
            assertThat(deleted.path("eventType").asText()).isEqualTo("session.deleted");
            assertThat(deleted.path("topic").asText()).isEqualTo(topic);
            assertThat(ws.isClosed()).as("a topic client stays connected after a delete").isFalse();
        }
    }

    @Test
    void aTopicClientMayWatchEverySessionWithAWildcard() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + watcherAccount.token()))) {
            ws.send(Map.of("type", "subscribe", "topic", "sessions.*"));
            ws.awaitType("subscribed");

            String id = id(sessions.created(owner, perParticipant(60_000, "a")));

            JsonNode update = ws.awaitType("message");
            assertThat(update.path("topic").asText()).isEqualTo("sessions." + id);
            assertThat(update.path("data").path("event").asText()).isEqualTo("CREATED");
        }
    }

    private static void assertEpochMsNear(JsonNode timestamp, long before) {
        assertThat(timestamp.isIntegralNumber()).as("epoch ms %s", timestamp).isTrue();
        assertThat(timestamp.asLong()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }

    private static List<String> stateFrames(List<JsonNode> frames) {
        return frames.stream().filter(f -> f.has("state"))
                .map(f -> f.path("type").asText() + " v" + version(f.path("state")) + " " + f.path("event").asText())
                .toList();
    }

    private static JsonNode withoutServerTime(JsonNode state) {
        ObjectNode copy = state.deepCopy();
        copy.remove("serverTime");
        return copy;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
