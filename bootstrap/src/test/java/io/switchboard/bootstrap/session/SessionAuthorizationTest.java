package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may act (docs/sessions.md): the owner or an admin starts, pauses, resumes, completes and deletes;
 * switch is also allowed to the active participant whose participantId is the caller's user id.
 */
class SessionAuthorizationTest {
    private static final String ADMIN_EMAIL = ApiClient.uniqueEmail("session-admin");
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;
    private static Account admin;
    private static Account stranger;
    private static Account alice;
    private static Account bob;

    private String id;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN_EMAIL, "SWITCH_RATE_LIMIT", "0",
                "HTTP_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-owner");
        admin = server.api().newAccount(ADMIN_EMAIL, "Session Admin", ApiClient.GOOD_PASSWORD);
        stranger = server.api().newAccount("session-stranger");
        alice = server.api().newAccount("session-alice");
        bob = server.api().newAccount("session-bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A pending session of the owner's whose participants are Alice and Bob (by user id), Alice first. */
    @BeforeEach
    void createSession() {
        id = id(sessions.created(owner, perParticipant(60_000, alice.id(), bob.id())));
    }

    @Test
    void someoneElse_is403NotSessionOwner_forStartPauseResumeCompleteAndDelete_andNothingChanges() {
        assertForbiddenToOthers("start", 1);
        sessions.ok(owner, id, "start");
        assertForbiddenToOthers("pause", 2);
        sessions.ok(owner, id, "pause");
        assertForbiddenToOthers("resume", 3);
        assertForbiddenToOthers("complete", 3);
        for (Account other : new Account[]{stranger, alice, bob}) {
            assertError(sessions.delete(other, id), 403, 5, "NOT_SESSION_OWNER");
        }
        assertThat(version(sessions.state(owner, id))).isEqualTo(3);
        assertThat(sessions.delete(owner, id).status()).isEqualTo(204);
    }

    @Test
    void anAdmin_mayDoEverythingTheOwnerMay() {
        assertThat(version(sessions.ok(admin, id, "start"))).isEqualTo(2);
        assertThat(version(sessions.ok(admin, id, "switch"))).isEqualTo(3);
        assertThat(version(sessions.ok(admin, id, "pause"))).isEqualTo(4);
        assertThat(version(sessions.ok(admin, id, "resume"))).isEqualTo(5);
        assertThat(version(sessions.ok(admin, id, "complete"))).isEqualTo(6);
        assertThat(sessions.delete(admin, id).status()).isEqualTo(204);
        assertError(sessions.get(owner, id), 404, 3, "SESSION_NOT_FOUND");
    }

    @Test
    void switch_isAllowedToTheOwner() {
        sessions.ok(owner, id, "start");

        JsonNode switched = sessions.ok(owner, id, "switch");

        assertThat(switched.path("activeParticipantId").asText()).isEqualTo(bob.id());
    }

    @Test
    void switch_isAllowedToTheActiveParticipant_only_andTheTurnPassesOn() {
        sessions.ok(owner, id, "start");

        assertError(sessions.op(bob, id, "switch"), 403, 5, "NOT_ALLOWED_TO_SWITCH");
        assertError(sessions.op(stranger, id, "switch"), 403, 5, "NOT_ALLOWED_TO_SWITCH");
        JsonNode byAlice = sessions.ok(alice, id, "switch");
        assertThat(byAlice.path("activeParticipantId").asText()).isEqualTo(bob.id());
        assertThat(version(byAlice)).isEqualTo(3);

        assertError(sessions.op(alice, id, "switch"), 403, 5, "NOT_ALLOWED_TO_SWITCH");
        JsonNode byBob = sessions.ok(bob, id, "switch");
        assertThat(byBob.path("activeParticipantId").asText()).isEqualTo(alice.id());
        assertThat(version(byBob)).isEqualTo(4);
    }

    @Test
    void theActiveParticipant_mayNotPauseOrComplete() {
        sessions.ok(owner, id, "start");

        assertError(sessions.op(alice, id, "pause"), 403, 5, "NOT_SESSION_OWNER");
        assertError(sessions.op(alice, id, "complete"), 403, 5, "NOT_SESSION_OWNER");
        assertThat(version(sessions.state(owner, id))).isEqualTo(2);
    }

    @Test
    void aParticipantSwitchingWhileNobodyIsActive_isToldTheStateConflict() {
        assertError(sessions.op(alice, id, "switch"), 409, 6, "INVALID_STATE_TRANSITION");
        assertError(sessions.op(stranger, id, "switch"), 403, 5, "NOT_ALLOWED_TO_SWITCH");
    }

    @Test
    void anyAuthenticatedUser_mayCreate_andBecomesTheOwner() {
        JsonNode created = assertSuccess(sessions.create(stranger, perParticipant(60_000, "x")), 201);

        assertThat(created.path("ownerId").asText()).isEqualTo(stranger.id());
        assertThat(version(sessions.ok(stranger, id(created), "start"))).isEqualTo(2);
    }

    private void assertForbiddenToOthers(String op, long version) {
        for (Account other : new Account[]{stranger, alice, bob}) {
            assertError(sessions.op(other, id, op), 403, 5, "NOT_SESSION_OWNER");
        }
        assertThat(version(sessions.state(owner, id))).as("version after refused %s", op).isEqualTo(version);
    }
}
