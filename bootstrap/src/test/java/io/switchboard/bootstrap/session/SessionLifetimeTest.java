package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long sessions live and how many an owner may hold (docs/decisions.md, "Hardening: sessions"), in memory and
 * on Redis: a session removed by its TTL or by SESSION_MAX_LIFETIME_SECONDS is announced exactly like a DELETE
 * (SESSION_DELETED then close 1000 on the session dialect, session.deleted on `sessions.{id}`), and an owner over
 * SESSION_MAX_PER_OWNER gets 409 SESSION_LIMIT_REACHED.
 */
abstract class SessionLifetimeTest {
    private static final Duration REMOVAL_WAIT = Duration.ofSeconds(6);

    /** Extra environment of the store under test (e.g. REDIS_URL). */
    abstract Map<String, String> storeEnvironment();

    TestServer start(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(storeEnvironment());
        env.put("HTTP_RATE_LIMIT", "0");
        env.putAll(settings);
        return TestServer.start(env);
    }

    @Test
    void aSessionRemovedByItsTtl_isAnnouncedOnBothDialects() throws Exception {
        try (TestServer server = start(Map.of("SESSION_TTL_SECONDS", "1"))) {
            SessionApi sessions = new SessionApi(server);
            Account owner = server.api().newAccount("ttl-owner");
            Map<String, Object> body = SessionApi.perParticipant(60_000, "a", "b");
            String sessionId = (String) body.get("sessionId");
            try (WsClient sessionWatcher = sessions.watch(owner, sessionId);
                 WsClient topicWatcher = WsClient.subscribed(server, owner, "sessions." + sessionId)) {
                sessionWatcher.awaitType("CONNECTED");
                sessions.created(owner, body); // pending: removed one second after this change

                JsonNode deleted = sessionWatcher.await(f -> "SESSION_DELETED".equals(f.path("type").asText()),
                        REMOVAL_WAIT);
                assertThat(deleted.path("sessionId").asText()).isEqualTo(sessionId);
                assertThat(sessionWatcher.awaitClose()).isEqualTo(1000);
                JsonNode event = topicWatcher.await(f -> "session.deleted".equals(f.path("eventType").asText()),
                        REMOVAL_WAIT);
                assertThat(event.path("topic").asText()).isEqualTo("sessions." + sessionId);
                assertThat(sessions.get(owner, sessionId).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void aRunningSessionOlderThanTheMaximumLifetime_isRemovedAndAnnounced() throws Exception {
        try (TestServer server = start(Map.of("SESSION_MAX_LIFETIME_SECONDS", "1"))) {
            SessionApi sessions = new SessionApi(server);
            Account owner = server.api().newAccount("lifetime-owner");
            Map<String, Object> body = SessionApi.base("count_up", "a", "b"); // runs for ever otherwise
            String sessionId = (String) body.get("sessionId");
            try (WsClient topicWatcher = WsClient.subscribed(server, owner, "sessions." + sessionId)) {
                sessions.created(owner, body);
                sessions.ok(owner, sessionId, "start");

                topicWatcher.await(f -> "session.deleted".equals(f.path("eventType").asText()), REMOVAL_WAIT);
                assertThat(sessions.get(owner, sessionId).status()).isEqualTo(404);
            }
        }
    }

    @Test
    void anOwnerOverTheCap_gets409SessionLimitReached_untilOneIsDeleted() {
        try (TestServer server = start(Map.of("SESSION_MAX_PER_OWNER", "2"))) {
            SessionApi sessions = new SessionApi(server);
            Account owner = server.api().newAccount("capped-owner");
            Account other = server.api().newAccount("other-owner");
            JsonNode first = sessions.created(owner, SessionApi.perParticipant(60_000, "a"));
            sessions.created(owner, SessionApi.perParticipant(60_000, "a"));

            Http.Response third = sessions.create(owner, SessionApi.perParticipant(60_000, "a"));

            JsonNode error = assertError(third, 409, 6, "SESSION_LIMIT_REACHED");
            assertThat(error.path("details").path("limit").asInt()).isEqualTo(2);
            sessions.created(other, SessionApi.perParticipant(60_000, "a"));
            assertThat(sessions.delete(owner, id(first)).status()).isEqualTo(204);
            assertSuccess(sessions.create(owner, SessionApi.perParticipant(60_000, "a")), 201);
        }
    }

    @Test
    void aCapOfZero_meansNoLimit() {
        try (TestServer server = start(Map.of("SESSION_MAX_PER_OWNER", "0"))) {
            SessionApi sessions = new SessionApi(server);
            Account owner = server.api().newAccount("uncapped-owner");
            for (int i = 0; i < 105; i++) {
                sessions.created(owner, SessionApi.perParticipant(60_000, "a"));
            }
        }
    }
}
