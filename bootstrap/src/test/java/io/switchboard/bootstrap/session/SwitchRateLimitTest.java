package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/** SWITCH_RATE_LIMIT: switches per session per calendar second; over it, 429 code 7 SWITCH_RATE_LIMITED. */
class SwitchRateLimitTest {
    private static final int LIMIT = 3;
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCH_RATE_LIMIT", Integer.toString(LIMIT), "HTTP_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-limit");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSwitchOverTheLimit_is429Code7_withRetryAfter_andChangesNothing() {
        String id = runningSession();
        Map<Long, Integer> perSecond = new HashMap<>();
        int successes = 0;
        Http.Response limited = null;
        for (int attempt = 0; attempt < 50 && limited == null; attempt++) {
            Http.Response response = sessions.op(owner, id, "switch");
            if (response.status() == 200) {
                successes++;
                long second = Instant.parse(response.data().path("updatedAt").asText()).getEpochSecond();
                perSecond.merge(second, 1, Integer::sum);
            } else {
                limited = response;
            }
        }

        assertThat(limited).as("a 429 within 50 rapid switches").isNotNull();
        JsonNode error = assertError(limited, 429, 7, "SWITCH_RATE_LIMITED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(error.path("details").path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(successes).isGreaterThanOrEqualTo(1);
        assertThat(perSecond.values()).as("successful switches per second").allMatch(n -> n <= LIMIT);
        assertThat(version(sessions.state(owner, id))).as("a limited switch changes nothing").isEqualTo(2 + successes);
    }

    @Test
    void afterRetryAfter_switchingWorksAgain() {
        String id = runningSession();
        Http.Response limited = switchUntilLimited(id);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));

        JsonNode switched = Await.value("a switch accepted again", Duration.ofSeconds(retryAfter + 2), () -> {
            Http.Response r = sessions.op(owner, id, "switch");
            return r.status() == 200 ? Optional.of(r.data()) : Optional.empty();
        });

        assertThat(switched.path("status").asText()).isEqualTo("running");
    }

    @Test
    void theLimitIsPerSession() {
        String busy = runningSession();
        String other = runningSession();
        switchUntilLimited(busy);

        assertSuccess(sessions.op(owner, other, "switch"), 200);
    }

    @Test
    void refusedSwitches_doNotCount() {
        String id = runningSession();
        Account stranger = server.api().newAccount("session-limit-stranger");
        for (int i = 0; i < 2 * LIMIT; i++) {
            assertError(sessions.op(stranger, id, "switch"), 403, 5, "NOT_ALLOWED_TO_SWITCH");
        }

        assertSuccess(sessions.op(owner, id, "switch"), 200);
    }

    @Test
    void otherOperations_areNotLimited() {
        String id = runningSession();
        switchUntilLimited(id);

        assertSuccess(sessions.op(owner, id, "pause"), 200);
        assertSuccess(sessions.op(owner, id, "resume"), 200);
    }

    private static String runningSession() {
        String id = id(sessions.created(owner, perParticipant(600_000, "a", "b")));
        sessions.ok(owner, id, "start");
        return id;
    }

    private static Http.Response switchUntilLimited(String id) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Http.Response response = sessions.op(owner, id, "switch");
            if (response.status() == 429) {
                return response;
            }
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
        throw new AssertionError("no 429 within 50 rapid switches with SWITCH_RATE_LIMIT=" + LIMIT);
    }
}
