package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.switchboard.bootstrap.session.SessionApi.epochMs;
import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.ifMatch;
import static io.switchboard.bootstrap.session.SessionApi.participant;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.ISO_MILLIS;
import static io.switchboard.bootstrap.support.ApiAssertions.UUID_SHAPE;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiAssertions.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;

/** Every /api/sessions route over real HTTP: shapes, versions, transitions, If-Match, 404 and bad ids. */
class SessionRoutesTest {
    private static final List<String> OPS = List.of("start", "switch", "pause", "resume", "complete");
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0", "SWITCH_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-owner");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void create_is201_withTheWholeSessionStateShape() {
        Map<String, Object> body = perParticipant(300_000, "white", "black");
        body.put("incrementMs", 2000);
        body.put("metadata", Map.of("event", "club night", "board", 3));
        long before = System.currentTimeMillis();

        JsonNode state = sessions.created(owner, body);

        // Section 6's fields (the server adds the session's totalTimeMs, which the contract leaves out).
        assertThat(fieldNames(state)).contains("sessionId", "ownerId", "syncMode", "status",
                "version", "participants", "activeParticipantId", "cycleStartedAt", "sessionStartedAt",
                "sessionCompletedAt", "timePerCycleMs", "incrementMs", "maxTimeMs", "actionOnTimeout",
                "metadata", "createdAt", "updatedAt", "serverTime");
        assertThat(state.path("sessionId").asText()).isEqualTo(body.get("sessionId"));
        assertThat(state.path("ownerId").asText()).isEqualTo(owner.id());
        assertThat(state.path("syncMode").asText()).isEqualTo("per_participant");
        assertThat(state.path("status").asText()).isEqualTo("pending");
        assertThat(version(state)).isEqualTo(1);
        assertThat(state.path("activeParticipantId").isNull()).isTrue();
        assertThat(state.path("cycleStartedAt").isNull()).isTrue();
        assertThat(state.path("sessionStartedAt").isNull()).isTrue();
        assertThat(state.path("sessionCompletedAt").isNull()).isTrue();
        assertThat(state.path("incrementMs").asLong()).isEqualTo(2000);
        assertThat(state.path("actionOnTimeout").asText()).isEqualTo("end_session");
        assertThat(state.path("metadata").path("event").asText()).isEqualTo("club night");
        assertThat(state.path("metadata").path("board").asInt()).isEqualTo(3);
        for (String time : List.of("createdAt", "updatedAt", "serverTime")) {
            assertThat(state.path(time).asText()).as(time).matches(ISO_MILLIS);
            assertThat(epochMs(state, time)).as(time).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        }
        JsonNode participants = state.path("participants");
        assertThat(participants).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode p = participants.get(i);
            assertThat(fieldNames(p)).containsExactlyInAnyOrder("participantId", "index", "remainingMs", "usedMs",
                    "cycleCount", "isActive", "hasExpired");
            assertThat(p.path("participantId").asText()).isEqualTo(i == 0 ? "white" : "black");
            assertThat(p.path("index").asInt()).isEqualTo(i);
            assertThat(p.path("remainingMs").asLong()).isEqualTo(300_000);
            assertThat(p.path("usedMs").asLong()).isZero();
            assertThat(p.path("cycleCount").asInt()).isZero();
            assertThat(p.path("isActive").asBoolean()).isFalse();
            assertThat(p.path("hasExpired").asBoolean()).isFalse();
        }
    }

    @Test
    void create_withoutASessionId_generatesAUuid_andGetReturnsTheStoredState() {
        Map<String, Object> body = perParticipant(60_000, "a", "b");
        body.remove("sessionId");

        JsonNode created = sessions.created(owner, body);
        JsonNode read = sessions.state(owner, id(created));

        assertThat(id(created)).matches(UUID_SHAPE);
        assertThat(withoutServerTime(read)).isEqualTo(withoutServerTime(created));
        assertThat(read.path("serverTime").asText()).matches(ISO_MILLIS);
    }

    @Test
    void anyAuthenticatedUser_readsASession() {
        JsonNode created = sessions.created(owner, perParticipant(60_000, "a"));
        Account reader = server.api().newAccount("session-reader");

        assertThat(version(sessions.state(reader, id(created)))).isEqualTo(1);
    }

    @Test
    void theSessionRoutes_needAToken() {
        JsonNode created = sessions.created(owner, perParticipant(60_000, "a"));

        assertError(server.http().call("POST", "/api/sessions").json(perParticipant(60_000, "a")).send(), 401, 4,
                null);
        assertError(server.http().get("/api/sessions/" + id(created)), 401, 4, null);
        assertError(server.http().call("POST", "/api/sessions/" + id(created) + "/start").send(), 401, 4, null);
    }

    @Test
    void aWholeGame_eachOperationReturnsTheStoredStateWithTheNextVersion() {
        Map<String, Object> body = perParticipant(300_000, "white", "black");
        body.put("incrementMs", 2000);
        String id = id(sessions.created(owner, body));

        JsonNode started = sessions.ok(owner, id, "start");
        assertThat(version(started)).isEqualTo(2);
        assertThat(started.path("status").asText()).isEqualTo("running");
        assertThat(started.path("activeParticipantId").asText()).isEqualTo("white");
        assertThat(started.path("cycleStartedAt").asText()).matches(ISO_MILLIS);
        assertThat(started.path("sessionStartedAt").asText()).isEqualTo(started.path("cycleStartedAt").asText());
        assertThat(participant(started, "white").path("isActive").asBoolean()).isTrue();
        assertThat(participant(started, "white").path("cycleCount").asInt()).isEqualTo(1);
        assertThat(participant(started, "black").path("isActive").asBoolean()).isFalse();
        assertStored(started);

        JsonNode switched = sessions.ok(owner, id, "switch");
        assertThat(version(switched)).isEqualTo(3);
        assertThat(switched.path("status").asText()).isEqualTo("running");
        assertThat(switched.path("activeParticipantId").asText()).isEqualTo("black");
        JsonNode white = participant(switched, "white");
        // The turn's time is charged and the increment added: what is left plus what was used is the clock + 2 s.
        assertThat(white.path("remainingMs").asLong() + white.path("usedMs").asLong()).isEqualTo(302_000);
        assertThat(white.path("isActive").asBoolean()).isFalse();
        assertThat(participant(switched, "black").path("cycleCount").asInt()).isEqualTo(1);
        assertThat(epochMs(switched, "cycleStartedAt")).isGreaterThanOrEqualTo(epochMs(started, "cycleStartedAt"));
        assertStored(switched);

        JsonNode paused = sessions.ok(owner, id, "pause");
        assertThat(version(paused)).isEqualTo(4);
        assertThat(paused.path("status").asText()).isEqualTo("paused");
        assertThat(paused.path("cycleStartedAt").isNull()).isTrue();
        assertThat(paused.path("activeParticipantId").asText()).isEqualTo("black");
        JsonNode black = participant(paused, "black");
        assertThat(black.path("remainingMs").asLong() + black.path("usedMs").asLong()).isEqualTo(300_000);
        assertStored(paused);

        JsonNode resumed = sessions.ok(owner, id, "resume");
        assertThat(version(resumed)).isEqualTo(5);
        assertThat(resumed.path("status").asText()).isEqualTo("running");
        assertThat(resumed.path("cycleStartedAt").asText()).matches(ISO_MILLIS);
        assertThat(participant(resumed, "black").path("remainingMs").asLong())
                .isEqualTo(black.path("remainingMs").asLong());
        assertStored(resumed);

        JsonNode switchedBack = assertSuccess(sessions.switchTo(owner, id, "white"), 200);
        assertThat(version(switchedBack)).isEqualTo(6);
        assertThat(switchedBack.path("activeParticipantId").asText()).isEqualTo("white");
        assertThat(participant(switchedBack, "white").path("cycleCount").asInt()).isEqualTo(2);

        JsonNode completed = sessions.ok(owner, id, "complete");
        assertThat(version(completed)).isEqualTo(7);
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("activeParticipantId").isNull()).isTrue();
        assertThat(completed.path("cycleStartedAt").isNull()).isTrue();
        assertThat(completed.path("sessionCompletedAt").asText()).matches(ISO_MILLIS);
        assertStored(completed);
    }

    @Test
    void delete_is204WithoutABody_thenTheSessionIs404Everywhere() {
        String id = id(sessions.created(owner, perParticipant(60_000, "a")));

        Http.Response deleted = sessions.delete(owner, id);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(sessions.get(owner, id), 404, 3, "SESSION_NOT_FOUND");
        assertError(sessions.delete(owner, id), 404, 3, "SESSION_NOT_FOUND");
        assertError(sessions.op(owner, id, "start"), 404, 3, "SESSION_NOT_FOUND");
    }

    @Test
    void aRunningSession_canBeDeleted() {
        String id = id(sessions.created(owner, perParticipant(60_000, "a")));
        sessions.ok(owner, id, "start");

        assertThat(sessions.delete(owner, id).status()).isEqualTo(204);
        assertError(sessions.get(owner, id), 404, 3, "SESSION_NOT_FOUND");
    }

    @Test
    void aDuplicateSessionId_is409SessionExists_andTheFirstStays() {
        Map<String, Object> body = perParticipant(60_000, "a");
        sessions.created(owner, body);
        Map<String, Object> again = perParticipant(90_000, "b");
        again.put("sessionId", body.get("sessionId"));

        assertError(sessions.create(owner, again), 409, 6, "SESSION_EXISTS");
        JsonNode stored = sessions.state(owner, (String) body.get("sessionId"));
        assertThat(version(stored)).isEqualTo(1);
        assertThat(stored.path("participants").get(0).path("participantId").asText()).isEqualTo("a");
    }

    static Stream<Arguments> invalidTransitions() {
        return Stream.of(
                Arguments.of("pending", List.of(), List.of("switch", "pause", "resume", "complete")),
                Arguments.of("running", List.of("start"), List.of("start", "resume")),
                Arguments.of("paused", List.of("start", "pause"), List.of("start", "switch", "pause")),
                Arguments.of("completed", List.of("start", "complete"), OPS));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidTransitions")
    void anInvalidTransition_is409InvalidStateTransition_andChangesNothing(String status, List<String> setUp,
                                                                          List<String> refused) {
        String id = id(sessions.created(owner, perParticipant(60_000, "a", "b")));
        setUp.forEach(op -> sessions.ok(owner, id, op));
        JsonNode before = sessions.state(owner, id);
        assertThat(before.path("status").asText()).isEqualTo(status);

        for (String op : refused) {
            JsonNode error = assertError(sessions.op(owner, id, op), 409, 6, "INVALID_STATE_TRANSITION");
            assertThat(error.path("message").asText()).as(op).isNotBlank();
        }

        assertThat(withoutServerTime(sessions.state(owner, id))).isEqualTo(withoutServerTime(before));
    }

    @Test
    void ifMatch_withTheCurrentVersion_passes_quotedOrNot() {
        String id = id(sessions.created(owner, perParticipant(60_000, "a", "b")));

        assertThat(version(assertSuccess(sessions.op(owner, id, "start", ifMatch(1)), 200))).isEqualTo(2);
        assertThat(version(assertSuccess(sessions.op(owner, id, "switch", "2"), 200))).isEqualTo(3);
        assertThat(version(assertSuccess(sessions.op(owner, id, "pause", "W/\"3\""), 200))).isEqualTo(4);
        assertThat(version(assertSuccess(sessions.op(owner, id, "resume", ifMatch(4)), 200))).isEqualTo(5);
        assertThat(version(assertSuccess(sessions.op(owner, id, "complete", ifMatch(5)), 200))).isEqualTo(6);
    }

    @Test
    void aStaleIfMatch_is409VersionConflict_withBothVersions_onEveryOperation() {
        String id = id(sessions.created(owner, perParticipant(60_000, "a", "b")));
        sessions.ok(owner, id, "start");
        sessions.ok(owner, id, "pause"); // version 3, paused

        for (String op : OPS) {
            JsonNode error = assertError(sessions.op(owner, id, op, ifMatch(2)), 409, 6, "VERSION_CONFLICT");
            assertThat(error.path("details").path("expectedVersion").asLong()).as(op).isEqualTo(2);
            assertThat(error.path("details").path("actualVersion").asLong()).as(op).isEqualTo(3);
        }
        JsonNode ahead = assertError(sessions.op(owner, id, "resume", ifMatch(9)), 409, 6, "VERSION_CONFLICT");
        assertThat(ahead.path("details").path("expectedVersion").asLong()).isEqualTo(9);
        assertThat(ahead.path("details").path("actualVersion").asLong()).isEqualTo(3);
        assertThat(version(sessions.state(owner, id))).isEqualTo(3);
    }

    @ParameterizedTest(name = "If-Match: {0}")
    @ValueSource(strings = {"abc", "\"1.0\"", "-1", "\"\"", "\"1\", \"2\"", "\"99999999999999999999\""})
    void aMalformedIfMatch_is400Code1_andChangesNothing(String header) {
        String id = id(sessions.created(owner, perParticipant(60_000, "a")));

        assertError(sessions.op(owner, id, "start", header), 400, 1, null);

        assertThat(version(sessions.state(owner, id))).isEqualTo(1);
    }

    @Test
    void anUnknownSession_is404SessionNotFound_onEveryRoute() {
        String unknown = UUID.randomUUID().toString();

        assertError(sessions.get(owner, unknown), 404, 3, "SESSION_NOT_FOUND");
        for (String op : OPS) {
            assertError(sessions.op(owner, unknown, op), 404, 3, "SESSION_NOT_FOUND");
        }
        assertError(sessions.delete(owner, unknown), 404, 3, "SESSION_NOT_FOUND");
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"not-a-uuid", "12345", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5bd9cb469fa16570867728950e"})
    void aSessionIdThatIsNotAUuid_is400Code1_onEveryRoute(String bad) {
        assertError(sessions.get(owner, bad), 400, 1, null);
        for (String op : OPS) {
            assertError(sessions.op(owner, bad, op), 400, 1, null);
        }
        assertError(sessions.delete(owner, bad), 400, 1, null);
    }

    @Test
    void switch_toAnUnknownOrNonStringParticipant_is400Code2OnNextParticipantId() {
        String id = id(sessions.created(owner, perParticipant(60_000, "a", "b")));
        sessions.ok(owner, id, "start");

        assertValidationError(sessions.switchTo(owner, id, "nobody"), "nextParticipantId");
        assertValidationError(server.http().call("POST", "/api/sessions/" + id + "/switch").bearer(owner.token())
                .json(Map.of("nextParticipantId", 1)).send(), "nextParticipantId");
        assertThat(version(sessions.state(owner, id))).isEqualTo(2);
    }

    @Test
    void switch_withMalformedJson_is400Code1() {
        String id = id(sessions.created(owner, perParticipant(60_000, "a", "b")));
        sessions.ok(owner, id, "start");

        Http.Response response = server.http().call("POST", "/api/sessions/" + id + "/switch").bearer(owner.token())
                .raw("{\"nextParticipantId\":").send();

        assertError(response, 400, 1, null);
        assertThat(version(sessions.state(owner, id))).isEqualTo(2);
    }

    /** The stored state is what the operation answered (but for serverTime, the time of each answer). */
    private static void assertStored(JsonNode answered) {
        JsonNode stored = sessions.state(owner, id(answered));
        assertThat(withoutServerTime(stored)).isEqualTo(withoutServerTime(answered));
        assertThat(Instant.parse(stored.path("serverTime").asText()))
                .isAfterOrEqualTo(Instant.parse(answered.path("serverTime").asText()));
    }

    private static JsonNode withoutServerTime(JsonNode state) {
        ObjectNode copy = state.deepCopy();
        copy.remove("serverTime");
        return copy;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
