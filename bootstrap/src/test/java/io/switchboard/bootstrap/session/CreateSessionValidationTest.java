package io.switchboard.bootstrap.session;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiAssertions.assertValidationError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every CreateSession rule of docs/sessions.md over HTTP: a body that breaks one is 400 code 2 whose
 * details.errors name exactly the broken fields, and nothing is created.
 */
class CreateSessionValidationTest {
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-validation");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                broken("no participants", b -> b.put("participants", List.of()), "participants"),
                broken("1001 participants", b -> b.put("participants", manyParticipants(1001)), "participants"),
                broken("participants missing", b -> b.remove("participants"), "participants"),
                broken("participants not an array", b -> b.put("participants", "white"), "participants"),
                broken("a participant not an object", b -> b.put("participants", List.of("white")),
                        "participants[0]"),
                broken("totalTimeMs 999", b -> b.put("totalTimeMs", 999), "totalTimeMs"),
                broken("totalTimeMs 86400001", b -> b.put("totalTimeMs", 86_400_001), "totalTimeMs"),
                broken("timePerCycleMs 999", b -> b.put("timePerCycleMs", 999), "timePerCycleMs"),
                broken("timePerCycleMs 86400001", b -> b.put("timePerCycleMs", 86_400_001), "timePerCycleMs"),
                broken("maxTimeMs 999", b -> b.put("maxTimeMs", 999), "maxTimeMs"),
                broken("maxTimeMs 86400001", b -> b.put("maxTimeMs", 86_400_001), "maxTimeMs"),
                broken("a participant's totalTimeMs 999", b -> participant(b, 1).put("totalTimeMs", 999),
                        "participants[1].totalTimeMs"),
                broken("a participant's totalTimeMs 86400001",
                        b -> participant(b, 0).put("totalTimeMs", 86_400_001), "participants[0].totalTimeMs"),
                broken("incrementMs 60001", b -> b.put("incrementMs", 60_001), "incrementMs"),
                broken("incrementMs -1", b -> b.put("incrementMs", -1), "incrementMs"),
                broken("duplicate participant ids", b -> participant(b, 1).put("participantId", "white"),
                        "participants[1].participantId"),
                broken("a participantId with a space", b -> participant(b, 0).put("participantId", "white king"),
                        "participants[0].participantId"),
                broken("a participantId with a dot", b -> participant(b, 0).put("participantId", "a.b"),
                        "participants[0].participantId"),
                broken("an empty participantId", b -> participant(b, 0).put("participantId", ""),
                        "participants[0].participantId"),
                broken("a participantId of 65 chars", b -> participant(b, 0).put("participantId", "x".repeat(65)),
                        "participants[0].participantId"),
                broken("a participant without an id", b -> participant(b, 1).remove("participantId"),
                        "participants[1].participantId"),
                broken("metadata over 10 KB", b -> b.put("metadata", Map.of("notes", "n".repeat(10_240))),
                        "metadata"),
                broken("metadata not an object", b -> b.put("metadata", List.of(1, 2)), "metadata"),
                broken("per_participant without any clock", b -> b.remove("totalTimeMs"),
                        "participants[0].totalTimeMs", "participants[1].totalTimeMs"),
                broken("per_participant with one clock missing", b -> {
                    b.remove("totalTimeMs");
                    participant(b, 0).put("totalTimeMs", 60_000);
                }, "participants[1].totalTimeMs"),
                broken("per_cycle without timePerCycleMs", b -> b.put("syncMode", "per_cycle"), "timePerCycleMs"),
                broken("global without totalTimeMs", b -> {
                    b.put("syncMode", "global");
                    b.remove("totalTimeMs");
                }, "totalTimeMs"),
                broken("per_group without groupIds", b -> b.put("syncMode", "per_group"),
                        "participants[0].groupId", "participants[1].groupId"),
                broken("per_group without totalTimeMs", b -> {
                    b.put("syncMode", "per_group");
                    b.remove("totalTimeMs");
                    participant(b, 0).put("groupId", "g1");
                    participant(b, 1).put("groupId", "g2");
                }, "totalTimeMs"),
                broken("a groupId with bad characters", b -> participant(b, 0).put("groupId", "team one"),
                        "participants[0].groupId"),
                broken("totalTimeMs as a string", b -> b.put("totalTimeMs", "60000"), "totalTimeMs"),
                broken("totalTimeMs as a fraction", b -> b.put("totalTimeMs", 60000.5), "totalTimeMs"),
                broken("a participant's totalTimeMs as a string", b -> participant(b, 1).put("totalTimeMs", "60000"),
                        "participants[1].totalTimeMs"),
                broken("incrementMs as a boolean", b -> b.put("incrementMs", true), "incrementMs"),
                broken("participantId as a number", b -> participant(b, 0).put("participantId", 7),
                        "participants[0].participantId"),
                broken("an unknown syncMode", b -> b.put("syncMode", "chess"), "syncMode"),
                broken("syncMode missing", b -> b.remove("syncMode"), "syncMode"),
                broken("syncMode upper-case", b -> b.put("syncMode", "PER_PARTICIPANT"), "syncMode"),
                broken("an unknown actionOnTimeout", b -> b.put("actionOnTimeout", "explode"), "actionOnTimeout"),
                broken("a sessionId that is not a UUID", b -> b.put("sessionId", "game-1"), "sessionId"),
                broken("two broken rules", b -> {
                    b.put("totalTimeMs", 999);
                    b.put("incrementMs", 60_001);
                }, "totalTimeMs", "incrementMs"),
                broken("a wrong type and a broken rule", b -> {
                    b.put("syncMode", "chess");
                    b.put("incrementMs", 60_001);
                }, "syncMode", "incrementMs"),
                broken("a wrong type and a broken participant", b -> {
                    b.put("incrementMs", "2000");
                    participant(b, 1).put("participantId", "white");
                }, "incrementMs", "participants[1].participantId"),
                broken("an unreadable session clock and a participant clock out of range", b -> {
                    b.put("totalTimeMs", "60000");
                    participant(b, 1).put("totalTimeMs", 999);
                }, "totalTimeMs", "participants[1].totalTimeMs"),
                broken("a participant that is not an object before a duplicate", b -> b.put("participants",
                        List.of("x", Map.of("participantId", "white"), Map.of("participantId", "white"))),
                        "participants[0]", "participants[2].participantId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void aBodyThatBreaksARule_is400Code2_namingTheField(String what, Map<String, Object> body, String[] fields) {
        Http.Response response = sessions.create(owner, body);

        assertValidationError(response, fields);
        Object sessionId = body.get("sessionId");
        if (sessionId instanceof String id && id.length() == 36) {
            assertError(sessions.get(owner, id), 404, 3, "SESSION_NOT_FOUND");
        }
    }

    static Stream<Arguments> validBodies() {
        return Stream.of(
                valid("the limits: 1000 participants, 1000 ms and 86400000 ms, incrementMs 60000", b -> {
                    b.put("participants", manyParticipants(1000));
                    b.put("totalTimeMs", 1000);
                    b.put("incrementMs", 60_000);
                    b.put("maxTimeMs", 86_400_000);
                }),
                valid("one participant", b -> b.put("participants", SessionApi.participants("solo"))),
                valid("ids of 64 allowed characters", b ->
                        participant(b, 0).put("participantId", "Az09_:-".repeat(9) + "x")),
                valid("per_participant with a clock on every participant only", b -> {
                    b.remove("totalTimeMs");
                    participant(b, 0).put("totalTimeMs", 60_000);
                    participant(b, 1).put("totalTimeMs", 30_000);
                }),
                valid("per_cycle with timePerCycleMs", b -> {
                    b.put("syncMode", "per_cycle");
                    b.put("timePerCycleMs", 30_000);
                }),
                valid("global with totalTimeMs", b -> b.put("syncMode", "global")),
                valid("count_up with nothing else", b -> {
                    b.put("syncMode", "count_up");
                    b.remove("totalTimeMs");
                }),
                valid("per_group with groups and a clock", b -> {
                    b.put("syncMode", "per_group");
                    participant(b, 0).put("groupId", "team-a");
                    participant(b, 1).put("groupId", "team-a");
                }),
                valid("metadata of just under 10 KB and unknown fields", b -> {
                    b.put("metadata", Map.of("notes", "n".repeat(10_200)));
                    b.put("colour", "blue");
                }),
                valid("every actionOnTimeout", b -> b.put("actionOnTimeout", "continue")),
                valid("nulls for optional fields", b -> {
                    b.put("incrementMs", null);
                    b.put("metadata", null);
                    b.put("actionOnTimeout", null);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void aBodyOnTheEdgeOfTheRules_isCreated(String what, Map<String, Object> body) {
        assertSuccess(sessions.create(owner, body), 201);
    }

    @Test
    void malformedJson_is400Code1() {
        Http.Response response = server.http().call("POST", "/api/sessions").bearer(owner.token())
                .raw("{\"syncMode\":\"global\",").send();

        assertError(response, 400, 1, null);
    }

    @Test
    void aBodyThatIsNotAnObject_is400() {
        Http.Response response = server.http().call("POST", "/api/sessions").bearer(owner.token())
                .raw("[1,2,3]").send();

        assertThat(response.status()).isEqualTo(400);
    }

    /** A valid per_participant body (white, black; 60 s) with one change applied. */
    private static Arguments broken(String what, Consumer<Map<String, Object>> change, String... fields) {
        return Arguments.of(what, changed(change), fields);
    }

    private static Arguments valid(String what, Consumer<Map<String, Object>> change) {
        return Arguments.of(what, changed(change));
    }

    private static Map<String, Object> changed(Consumer<Map<String, Object>> change) {
        Map<String, Object> body = perParticipant(60_000, "white", "black");
        change.accept(body);
        return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> participant(Map<String, Object> body, int index) {
        return ((List<Map<String, Object>>) body.get("participants")).get(index);
    }

    private static List<Map<String, Object>> manyParticipants(int n) {
        List<Map<String, Object>> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("participantId", "p" + i);
            list.add(p);
        }
        return list;
    }
}
