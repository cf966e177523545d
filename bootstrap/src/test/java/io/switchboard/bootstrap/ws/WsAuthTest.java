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
import java.time.Instant;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Authentication of the topic dialect (docs/websocket.md): a token at the upgrade (query or header), or an
 * `auth` frame within WS_AUTH_TIMEOUT_MS; what happens to bad tokens and to clients that never authenticate.
 */
class WsAuthTest {
    private static final long AUTH_TIMEOUT_MS = 500;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_AUTH_TIMEOUT_MS", Long.toString(AUTH_TIMEOUT_MS)));
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
    void aTokenInTheQueryAuthenticatesTheUpgrade() throws Exception {
        Account ada = server.api().newAccount("ws-auth-query");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            subscribe(ws, "messages.user." + ada.id());
            // Past the auth timeout: a connection authenticated at the upgrade has no auth deadline.
            ws.expectNothing(Duration.ofMillis(AUTH_TIMEOUT_MS + 200));
            assertAlive(ws);
        }
    }

    @Test
    void aBearerHeaderAuthenticatesTheUpgrade() throws Exception {
        Account ada = server.api().newAccount("ws-auth-header");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"), Map.of("Authorization", "Bearer " + ada.token()))) {
            subscribe(ws, "messages.user." + ada.id());
            String messageId = server.api().sendDirect(ada, ada, "note to self");
            JsonNode delivery = ws.awaitType("message");
            assertThat(delivery.path("data").path("id").asText()).isEqualTo(messageId);
        }
    }

    @Test
    void anAuthFrameAfterTheUpgradeAnswersAuthSuccessAndTheConnectionStays() throws Exception {
        Account ada = server.api().newAccount("ws-auth-frame");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            ws.send(body("type", "auth", "token", ada.token(), "id", "a1"));
            JsonNode success = ws.next();
            assertThat(success.path("type").asText()).as(success.toString()).isEqualTo("auth_success");
            assertThat(success.path("id").asText()).isEqualTo("a1");
            assertThat(success.path("userId").asText()).isEqualTo(ada.id());
            assertThat(Instant.parse(success.path("expiresAt").asText())).isAfter(Instant.now());
            Instant.parse(success.path("timestamp").asText());

            subscribe(ws, "users." + ada.id());
            ws.expectNothing(Duration.ofMillis(AUTH_TIMEOUT_MS + 200));
            assertThat(ws.isClosed()).isFalse();
            assertAlive(ws);
        }
    }

    @Test
    void anInvalidTokenAtTheUpgradeIsRefusedWithHttp401() throws Exception {
        Account ada = server.api().newAccount("ws-auth-bad");
        String expired = server.tokens().forUser(ada.id()).email(ada.email()).expiredAgo(Duration.ofMinutes(5)).mint();
        String otherKey = server.tokens().forUser(ada.id()).email(ada.email())
                .key("another-secret-of-sixty-four-bytes-0123456789-abcdefghijklmnopqrstuv").mint();

        for (String token : new String[] {"not-a-jwt", expired, otherKey}) {
            WsClient.Refused byQuery = catchThrowableOfType(
                    () -> WsClient.connect(server.wsUri("/ws?token=" + token)), WsClient.Refused.class);
            assertThat(byQuery).as("query token %s", token).isNotNull();
            assertThat(byQuery.status()).isEqualTo(401);

            WsClient.Refused byHeader = catchThrowableOfType(
                    () -> WsClient.connect(server.wsUri("/ws"), Map.of("Authorization", "Bearer " + token)),
                    WsClient.Refused.class);
            assertThat(byHeader).as("header token %s", token).isNotNull();
            assertThat(byHeader.status()).isEqualTo(401);
        }
    }

    @Test
    void anInvalidAuthFrameGetsCode4ThenClose1008() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            JsonNode error = expectError(ws, body("type", "auth", "token", "not-a-jwt", "id", "bad"), 4);
            assertThat(error.path("id").asText()).isEqualTo("bad");
            assertThat(ws.awaitClose()).isEqualTo(1008);
        }
        Await.until("the refused connection is gone", () -> server.app().openWebSockets() == 0);
    }

    @Test
    void anAuthFrameWithoutATokenGetsCode4ThenClose1008() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            JsonNode error = expectError(ws, body("type", "auth"), 4);
            assertThat(error.path("reason").asText()).isEqualTo("TOKEN_MISSING");
            assertThat(ws.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void aConnectionCannotSwitchToAnotherUsersToken() throws Exception {
        Account ada = server.api().newAccount("ws-auth-ada");
        Account bob = server.api().newAccount("ws-auth-bob");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            expectError(ws, body("type", "auth", "token", bob.token()), 4);
            assertThat(ws.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void framesBeforeAuthAreRefusedWithCode4AndAuthMayStillFollow() throws Exception {
        Account ada = server.api().newAccount("ws-auth-early");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            JsonNode error = expectError(ws, body("type", "subscribe", "topic", "public.news", "id", "early"), 4);
            assertThat(error.path("id").asText()).isEqualTo("early");
            ws.send(body("type", "auth", "token", ada.token()));
            assertThat(ws.next().path("type").asText()).isEqualTo("auth_success");
            subscribe(ws, "public.news");
        }
    }

    @Test
    void withoutAnAuthFrameTheConnectionIsClosedWith1008AfterTheTimeout() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            assertThat(ws.awaitClose(Duration.ofMillis(AUTH_TIMEOUT_MS + 3000))).isEqualTo(1008);
        }
        Await.until("the unauthenticated connection is gone", () -> server.app().openWebSockets() == 0);
    }
}
