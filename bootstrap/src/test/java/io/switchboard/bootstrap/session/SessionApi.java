package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;

/**
 * The session routes as the end-to-end tests use them (docs/api.md, docs/sessions.md), and CreateSession bodies.
 *
 * <pre>{@code
 * SessionApi sessions = new SessionApi(server);
 * JsonNode state = sessions.created(ada, SessionApi.perParticipant(60_000, "white", "black"));
 * Http.Response r = sessions.op(ada, state, "switch", "2");   // If-Match: "2"
 * }</pre>
 */
final class SessionApi {
    private final TestServer server;

    SessionApi(TestServer server) {
        this.server = server;
    }

    Http http() {
        return server.http();
    }

    Http.Response create(Account caller, Object body) {
        return http().call("POST", "/api/sessions").bearer(caller.token()).json(body).send();
    }

    /** Creates the session and returns its state; fails the test unless it is 201. */
    JsonNode created(Account caller, Object body) {
        return assertSuccess(create(caller, body), 201);
    }

    Http.Response get(Account caller, String sessionId) {
        return http().call("GET", "/api/sessions/" + sessionId).bearer(caller.token()).send();
    }

    /** GET, failing the test unless it is 200; returns the state. */
    JsonNode state(Account caller, String sessionId) {
        return assertSuccess(get(caller, sessionId), 200);
    }

    /** POST /api/sessions/{id}/{op} without a body or If-Match. */
    Http.Response op(Account caller, String sessionId, String op) {
        return op(caller, sessionId, op, null);
    }

    /** POST /api/sessions/{id}/{op}; {@code ifMatch} is the raw header value, or null for none. */
    Http.Response op(Account caller, String sessionId, String op, String ifMatch) {
        Http.Call call = http().call("POST", "/api/sessions/" + sessionId + "/" + op).bearer(caller.token());
        if (ifMatch != null) {
            call.header("If-Match", ifMatch);
        }
        return call.send();
    }

    /** POST /api/sessions/{id}/switch with {nextParticipantId}. */
    Http.Response switchTo(Account caller, String sessionId, String nextParticipantId) {
        return http().call("POST", "/api/sessions/" + sessionId + "/switch").bearer(caller.token())
                .json(Map.of("nextParticipantId", nextParticipantId)).send();
    }

    /** Runs the operation and returns the state; fails the test unless it is 200. */
    JsonNode ok(Account caller, String sessionId, String op) {
        return assertSuccess(op(caller, sessionId, op), 200);
    }

    Http.Response delete(Account caller, String sessionId) {
        return http().call("DELETE", "/api/sessions/" + sessionId).bearer(caller.token()).send();
    }

    /** A session-dialect watcher: {@code /ws?sessionId=...&token=...}. */
    WsClient watch(Account caller, String sessionId) throws Exception {
        return WsClient.connect(watchUri(caller, sessionId));
    }

    URI watchUri(Account caller, String sessionId) {
        return server.wsUri("/ws?sessionId=" + sessionId + "&token=" + caller.token());
    }

    // ---- CreateSession bodies ----------------------------------------------------------------------------

    /** per_participant with one session-wide clock; a random sessionId so a watcher can connect first. */
    static Map<String, Object> perParticipant(long totalTimeMs, String... participantIds) {
        Map<String, Object> body = base("per_participant", participantIds);
        body.put("totalTimeMs", totalTimeMs);
        return body;
    }

    /** A CreateSession body of the mode with the given participants and a fresh sessionId, nothing else. */
    static Map<String, Object> base(String syncMode, String... participantIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionId", UUID.randomUUID().toString());
        body.put("syncMode", syncMode);
        body.put("participants", participants(participantIds));
        return body;
    }

    static List<Map<String, Object>> participants(String... ids) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> participant = new LinkedHashMap<>();
            participant.put("participantId", id);
            list.add(participant);
        }
        return list;
    }

    static String id(JsonNode state) {
        return state.path("sessionId").asText();
    }

    static long version(JsonNode state) {
        return state.path("version").asLong();
    }

    /** An ISO-8601 field of a state as epoch ms. */
    static long epochMs(JsonNode state, String field) {
        return Instant.parse(state.path(field).asText()).toEpochMilli();
    }

    /** The participant with this id in a state. */
    static JsonNode participant(JsonNode state, String participantId) {
        for (JsonNode p : state.path("participants")) {
            if (participantId.equals(p.path("participantId").asText())) {
                return p;
            }
        }
        throw new AssertionError("no participant " + participantId + " in " + state);
    }

    /** {@code "<version>"}, the If-Match value for a state. */
    static String ifMatch(long version) {
        return "\"" + version + "\"";
    }
}
