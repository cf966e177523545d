package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.switchboard.bootstrap.session.SessionApi.epochMs;
import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.participant;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static io.switchboard.bootstrap.session.SessionApi.version;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry on the real clock, seen over the wire: the server expires a running clock on time, on its own, and
 * announces it once. The scheduler and domain tests assert the 100 ms bound on a controlled clock; here the
 * server shares two cores with other builds, so the bound gets {@link #SCHEDULING_ALLOWANCE_MS} on top, and the
 * measured lateness is in every failure message.
 */
class SessionExpiryOverTheWireTest {
    private static final long CLOCK_MS = 1_500;
    /** docs/sessions.md: "within 100 ms". */
    private static final long CONTRACT_BOUND_MS = 100;
    /** What a busy 2-core machine may add (GC, other JVMs' builds) to the scheduler's wake-up and the publish. */
    private static final long SCHEDULING_ALLOWANCE_MS = 250;
    private static final Duration QUIET = Duration.ofMillis(600);
    private static TestServer server;
    private static SessionApi sessions;
    private static Account owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0"));
        sessions = new SessionApi(server);
        owner = server.api().newAccount("session-expiry");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRunningClockExpiresOnTime_andTheExpiryIsAnnouncedExactlyOnce() throws Exception {
        Map<String, Object> body = perParticipant(CLOCK_MS, "white", "black");
        String id = (String) body.get("sessionId");
        try (WsClient first = sessions.watch(owner, id); WsClient second = sessions.watch(owner, id)) {
            first.awaitType("CONNECTED");
            second.awaitType("CONNECTED");
            sessions.created(owner, body);
            JsonNode started = sessions.ok(owner, id, "start");
            long deadline = epochMs(started, "cycleStartedAt") + participant(started, "white").path("remainingMs").asLong();

            JsonNode expired = first.await(SessionExpiryOverTheWireTest::isTimeExpired, Duration.ofSeconds(5));
            long receivedAt = System.currentTimeMillis();

            long announcedAt = expired.path("timestamp").asLong();
            String measured = "deadline " + deadline + ", announced " + (announcedAt - deadline) + " ms after it, "
                    + "received " + (receivedAt - deadline) + " ms after it";
            assertThat(announcedAt).as(measured).isGreaterThanOrEqualTo(deadline);
            assertThat(announcedAt - deadline).as(measured).isLessThanOrEqualTo(CONTRACT_BOUND_MS + SCHEDULING_ALLOWANCE_MS);
            assertThat(receivedAt - deadline).as(measured).isLessThanOrEqualTo(CONTRACT_BOUND_MS + SCHEDULING_ALLOWANCE_MS);

            JsonNode state = expired.path("state");
            assertThat(state.path("status").asText()).isEqualTo("expired");
            assertThat(version(state)).isEqualTo(3);
            assertThat(epochMs(state, "sessionCompletedAt")).as("the expiry is dated at the deadline").isEqualTo(deadline);
            assertThat(state.path("activeParticipantId").isNull()).isTrue();
            assertThat(state.path("cycleStartedAt").isNull()).isTrue();
            JsonNode white = participant(state, "white");
            assertThat(white.path("hasExpired").asBoolean()).isTrue();
            assertThat(white.path("remainingMs").asLong()).isZero();
            assertThat(white.path("usedMs").asLong()).isEqualTo(CLOCK_MS);
            assertThat(participant(state, "black").path("hasExpired").asBoolean()).isFalse();

            JsonNode secondSaw = second.await(SessionExpiryOverTheWireTest::isTimeExpired, Duration.ofSeconds(5));
            assertThat(secondSaw.path("state")).isEqualTo(state);

            first.expectNothing(QUIET);
            second.expectNothing(Duration.ZERO);
            assertThat(timeExpiredFrames(first.received())).as("TIME_EXPIRED frames").isEqualTo(1);
            assertThat(timeExpiredFrames(second.received())).as("TIME_EXPIRED frames").isEqualTo(1);
            JsonNode stored = sessions.state(owner, id);
            assertThat(version(stored)).as("expired once").isEqualTo(3);
            assertThat(stored.path("status").asText()).isEqualTo("expired");
        }
    }

    @Test
    void anExpiredSession_refusesEveryTransition() throws Exception {
        Map<String, Object> body = perParticipant(1_000, "a", "b");
        String id = (String) body.get("sessionId");
        try (WsClient watcher = sessions.watch(owner, id)) {
            sessions.created(owner, body);
            sessions.ok(owner, id, "start");
            watcher.await(SessionExpiryOverTheWireTest::isTimeExpired, Duration.ofSeconds(5));

            for (String op : List.of("start", "switch", "pause", "resume", "complete")) {
                assertError(sessions.op(owner, id, op), 409, 6, "INVALID_STATE_TRANSITION");
            }
            assertThat(version(sessions.state(owner, id))).isEqualTo(3);
            assertThat(sessions.delete(owner, id).status()).isEqualTo(204);
        }
    }

    @Test
    void withSkip_theNextParticipantTakesOverAtTheDeadline() throws Exception {
        Map<String, Object> body = perParticipant(60_000, "white", "black");
        body.put("actionOnTimeout", "skip");
        SessionApiBodies.participantClock(body, 0, CLOCK_MS);
        String id = (String) body.get("sessionId");
        try (WsClient watcher = sessions.watch(owner, id)) {
            sessions.created(owner, body);
            JsonNode started = sessions.ok(owner, id, "start");
            long deadline = epochMs(started, "cycleStartedAt") + CLOCK_MS;

            JsonNode expired = watcher.await(SessionExpiryOverTheWireTest::isTimeExpired, Duration.ofSeconds(5));

            JsonNode state = expired.path("state");
            assertThat(state.path("status").asText()).isEqualTo("running");
            assertThat(state.path("activeParticipantId").asText()).isEqualTo("black");
            assertThat(epochMs(state, "cycleStartedAt")).as("black's turn starts at the deadline").isEqualTo(deadline);
            assertThat(participant(state, "white").path("hasExpired").asBoolean()).isTrue();
            assertThat(participant(state, "black").path("remainingMs").asLong()).isEqualTo(60_000);
            assertThat(expired.path("timestamp").asLong() - deadline)
                    .isBetween(0L, CONTRACT_BOUND_MS + SCHEDULING_ALLOWANCE_MS);
            assertError(sessions.switchTo(owner, id, "white"), 409, 6, "PARTICIPANT_EXPIRED");
            assertThat(version(sessions.state(owner, id))).isEqualTo(3);
            assertThat(sessions.delete(owner, id).status()).isEqualTo(204);
        }
    }

    private static boolean isTimeExpired(JsonNode frame) {
        return "STATE_UPDATE".equals(frame.path("type").asText()) && "TIME_EXPIRED".equals(frame.path("event").asText());
    }

    private static long timeExpiredFrames(List<JsonNode> frames) {
        return frames.stream().filter(SessionExpiryOverTheWireTest::isTimeExpired).count();
    }

    /** Small edits of CreateSession bodies. */
    private static final class SessionApiBodies {
        @SuppressWarnings("unchecked")
        static void participantClock(Map<String, Object> body, int index, long totalTimeMs) {
            ((List<Map<String, Object>>) body.get("participants")).get(index).put("totalTimeMs", totalTimeMs);
        }
    }
}
