package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static io.switchboard.bootstrap.ws.TopicFrames.publish;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token expiry on an open topic connection (docs/websocket.md): error code 4 TOKEN_EXPIRED, then a fresh
 * `auth` frame within the grace continues the connection, and without one it is closed with 1008. Tokens live
 * 2 s here (JWT_TTL_SECONDS; the verifier's 30 s clock skew still lets them through the upgrade), and the
 * contract's 30 s grace is shortened through WS_REAUTH_GRACE_MS, a test-only setting.
 */
class WsTokenExpiryTest {
    private static final long GRACE_MS = 600;
    private static final Duration EXPIRY_WAIT = Duration.ofSeconds(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("JWT_TTL_SECONDS", "2", "WS_REAUTH_GRACE_MS", Long.toString(GRACE_MS)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Counts of open connections below are exact: nothing is left closing from an earlier test. */
    @BeforeEach
    void noConnectionLeftFromAnEarlierTest() {
        Await.until("no open WebSocket left from an earlier test", () -> server.app().openWebSockets() == 0);
    }

    @Test
    void anExpiredTokenGetsTokenExpired_andAFreshAuthWithinTheGraceContinuesTheConnection() throws Exception {
        Account ada = server.api().newAccount("ws-expiry-renew");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            subscribe(ws, "public.expiry.renew");

            JsonNode expired = ws.next(EXPIRY_WAIT);
            assertThat(expired.path("type").asText()).as(expired.toString()).isEqualTo("error");
            assertThat(expired.path("code").asInt()).isEqualTo(4);
            assertThat(expired.path("reason").asText()).isEqualTo("TOKEN_EXPIRED");
            JsonNode refused = expectError(ws, body("type", "subscribe", "topic", "public.other"), 4);
            assertThat(refused.path("reason").asText()).isEqualTo("TOKEN_EXPIRED");

            String fresh = server.tokens().forUser(ada.id()).email(ada.email()).expiresIn(Duration.ofMinutes(15)).mint();
            ws.send(body("type", "auth", "token", fresh, "id", "renew"));
            JsonNode renewed = ws.next();
            assertThat(renewed.path("type").asText()).as(renewed.toString()).isEqualTo("auth_success");
            assertThat(renewed.path("id").asText()).isEqualTo("renew");
            assertThat(renewed.path("userId").asText()).isEqualTo(ada.id());

            // Past the grace the connection is still open, keeps its subscription and may act again.
            ws.expectNothing(Duration.ofMillis(GRACE_MS + 300));
            assertThat(ws.isClosed()).isFalse();
            assertAlive(ws);
            publish(ws, "public.expiry.renew", "still here");
            // (its own presence.join on the topic was taken by subscribe)
            assertThat(ws.received()).filteredOn(f -> "client.message".equals(f.path("eventType").asText()))
                    .extracting(f -> f.path("data").path("content").asText()).containsExactly("still here");
        }
    }

    @Test
    void withoutAFreshAuthTheConnectionIsClosedWith1008AfterTheGrace() throws Exception {
        Account bob = server.api().newAccount("ws-expiry-close");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + aboutToExpire(bob)))) {
            JsonNode expired = ws.next(EXPIRY_WAIT);
            assertThat(expired.path("code").asInt()).as(expired.toString()).isEqualTo(4);
            assertThat(expired.path("reason").asText()).isEqualTo("TOKEN_EXPIRED");

            assertThat(ws.awaitClose(Duration.ofMillis(GRACE_MS + 3000))).isEqualTo(1008);
        }
        Await.until("the expired connection is gone", () -> server.app().openWebSockets() == 0);
        assertThat(server.app().subscriptions()).isZero();
    }

    @Test
    void anInvalidTokenInTheRenewingAuthFrameClosesWith1008() throws Exception {
        Account cy = server.api().newAccount("ws-expiry-bad");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + aboutToExpire(cy)))) {
            assertThat(ws.next(EXPIRY_WAIT).path("reason").asText()).isEqualTo("TOKEN_EXPIRED");
            String stale = server.tokens().forUser(cy.id()).email(cy.email()).expiredAgo(Duration.ofMinutes(5)).mint();
            expectError(ws, body("type", "auth", "token", stale), 4);
            assertThat(ws.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void theSameExpiredTokenDoesNotRenewTheConnection_code4ThenClose1008() throws Exception {
        Account dee = server.api().newAccount("ws-expiry-same");
        String token = aboutToExpire(dee);
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + token))) {
            assertThat(ws.next(EXPIRY_WAIT).path("reason").asText()).isEqualTo("TOKEN_EXPIRED");
            // Still inside the verifier's 30 s clock skew, so it verifies; but it expires no later than itself.
            JsonNode refused = expectError(ws, body("type", "auth", "token", token, "id", "same"), 4);
            assertThat(refused.path("id").asText()).isEqualTo("same");
            assertThat(ws.awaitClose()).isEqualTo(1008);
            List<JsonNode> afterReady = ws.received().subList(1, ws.received().size()); // [0]: the ready frame
            assertThat(afterReady).noneMatch(f -> "auth_success".equals(f.path("type").asText()));
        }
    }

    /** A token of at most one second left (exp has whole seconds), where the login's would have up to two. */
    private static String aboutToExpire(Account account) {
        return server.tokens().forUser(account.id()).email(account.email()).expiresIn(Duration.ofSeconds(1)).mint();
    }
}
