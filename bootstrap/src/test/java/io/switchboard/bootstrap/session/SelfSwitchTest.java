package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.participant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A switch whose target is the active participant (named explicitly, or the only one in order) records a cycle
 * and charges the elapsed time, but never adds incrementMs: otherwise the active participant could gain time at
 * will by switching to itself (docs/decisions.md, "Hardening: sessions").
 */
class SelfSwitchTest {
    private static final long TOTAL = 300_000;
    private static final long INCREMENT = 5_000;
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0", "SWITCH_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("self-switch-owner");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void switchingExplicitlyToTheActiveParticipant_chargesWithoutIncrement() {
        Map<String, Object> body = SessionApi.perParticipant(TOTAL, "white", "black");
        body.put("incrementMs", INCREMENT);
        JsonNode created = sessions.created(owner, body);
        JsonNode started = sessions.ok(owner, id(created), "start");

        JsonNode state = started;
        for (int i = 0; i < 5; i++) {
            state = assertSuccess(sessions.switchTo(owner, id(created), "white"), 200);
        }

        assertThat(version(state)).isEqualTo(version(started) + 5);
        assertThat(state.path("activeParticipantId").asText()).isEqualTo("white");
        JsonNode white = participant(state, "white");
        assertThat(white.path("remainingMs").asLong()).isLessThanOrEqualTo(TOTAL);
        assertThat(white.path("cycleCount").asInt()).isEqualTo(6);
        // A real switch still earns the increment.
        JsonNode toBlack = assertSuccess(sessions.switchTo(owner, id(created), "black"), 200);
        assertThat(participant(toBlack, "white").path("remainingMs").asLong())
                .isGreaterThan(TOTAL - 60_000 + INCREMENT - 1)
                .isGreaterThan(white.path("remainingMs").asLong());
    }

    @Test
    void aOneParticipantSession_switchesToItself_recordingCyclesWithoutIncrement() {
        Map<String, Object> body = SessionApi.perParticipant(TOTAL, "solo");
        body.put("incrementMs", INCREMENT);
        JsonNode created = sessions.created(owner, body);
        sessions.ok(owner, id(created), "start");

        JsonNode state = null;
        for (int i = 0; i < 5; i++) {
            state = sessions.ok(owner, id(created), "switch");
        }

        JsonNode solo = participant(state, "solo");
        assertThat(state.path("status").asText()).isEqualTo("running");
        assertThat(state.path("activeParticipantId").asText()).isEqualTo("solo");
        assertThat(solo.path("cycleCount").asInt()).isEqualTo(6);
        assertThat(solo.path("remainingMs").asLong()).isLessThanOrEqualTo(TOTAL);
    }

    @Test
    void perGroup_switchWithinTheActiveGroupToItself_gainsNothing() {
        Map<String, Object> body = SessionApi.base("per_group", "a1", "b1");
        body.put("totalTimeMs", TOTAL);
        body.put("incrementMs", INCREMENT);
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> participants = (java.util.List<Map<String, Object>>) body.get("participants");
        participants.get(0).put("groupId", "a");
        participants.get(1).put("groupId", "b");
        JsonNode created = sessions.created(owner, body);
        sessions.ok(owner, id(created), "start");

        JsonNode state = null;
        for (int i = 0; i < 3; i++) {
            state = assertSuccess(sessions.switchTo(owner, id(created), "a1"), 200);
        }

        assertThat(participant(state, "a1").path("remainingMs").asLong()).isLessThanOrEqualTo(TOTAL);
    }
}
