package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.RawWebSocket;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Checks before the upgrade (docs/websocket.md): WS_MAX_CONNECTIONS_PER_IP gets HTTP 429, an Origin not in
 * WS_ALLOWED_ORIGINS gets HTTP 403 (no Origin at all is not refused), and an upgrade that never completes gives
 * its per-IP slot back.
 */
class WsUpgradeChecksTest {
    private static final String ALLOWED = "https://app.example";
    private static final Map<String, String> FROM_APP = Map.of("Origin", ALLOWED);
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_MAX_CONNECTIONS_PER_IP", "2",
                "WS_ALLOWED_ORIGINS", ALLOWED + ",https://other.example"));
        ada = server.api().newAccount("ws-upgrade");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void noConnectionLeftFromAnEarlierTest() {
        Await.until("no open WebSocket", () -> server.app().openWebSockets() == 0);
    }

    private static WsClient connect(Map<String, String> headers) throws Exception {
        return WsClient.connect(server.wsUri("/ws?token=" + ada.token()), headers);
    }

    private static int refusal(Map<String, String> headers) {
        WsClient.Refused refused = catchThrowableOfType(() -> connect(headers), WsClient.Refused.class);
        assertThat(refused).as("the upgrade with %s is refused", headers).isNotNull();
        return refused.status();
    }

    @Test
    void connectionsPastThePerIpCapAreRefusedWith429_untilOneCloses() throws Exception {
        try (WsClient first = connect(FROM_APP); WsClient second = connect(FROM_APP)) {
            assertThat(refusal(FROM_APP)).isEqualTo(429);
            Await.until("both connections open", () -> server.app().openWebSockets() == 2);

            first.close();
            assertThat(first.awaitClose()).isEqualTo(1000);
            Await.until("the closed connection's slot is free", () -> server.app().openWebSockets() == 1);
            try (WsClient third = connect(FROM_APP)) {
                assertAlive(third);
                assertAlive(second);
            }
        }
    }

    @Test
    void anOriginNotAllowedIsRefusedWith403() throws Exception {
        assertThat(refusal(Map.of("Origin", "https://evil.example"))).isEqualTo(403);
        assertThat(refusal(Map.of("Origin", "https://app.example:8443"))).isEqualTo(403);
        assertThat(refusal(Map.of("Origin", "http://app.example"))).isEqualTo(403);
        try (WsClient other = connect(Map.of("Origin", "https://other.example"))) {
            assertAlive(other);
        }
    }

    @Test
    void aRequestWithNoOriginAtAllIsNotRefused_evenWhenAllowedOriginsAreSet() throws Exception {
        // A native, mobile or server client sends no Origin; a browser always sends one.
        try (WsClient nativeClient = connect(Map.of())) {
            assertAlive(nativeClient);
        }
        RawHttp.Response refused = RawWebSocket.upgrade(server.port(), "/ws?token=" + ada.token(),
                "Origin: https://evil.example");
        assertThat(refused.status()).as("a wrong Origin is still refused").isEqualTo(403);
        assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(5);
    }

    @Test
    void upgradesResetBeforeTheSocketOpensGiveTheirSlotBack() throws Exception {
        // More aborted upgrades than the per-IP cap (2): each reserved a slot; none may keep it.
        for (int i = 0; i < 6; i++) {
            RawWebSocket.sendUpgradeAndReset(server.port(), "/ws?token=" + ada.token(), "Origin: " + ALLOWED);
        }
        WsClient afterwards = Await.value("a normal upgrade from the same IP succeeds", Duration.ofSeconds(10), () -> {
            try {
                return Optional.of(connect(FROM_APP));
            } catch (WsClient.Refused refused) {
                assertThat(refused.status()).isEqualTo(429);
                return Optional.empty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        try (WsClient second = connect(FROM_APP)) {
            assertAlive(afterwards);
            assertAlive(second);
        } finally {
            afterwards.close();
        }
        Await.until("no slot left reserved once everything closed", Duration.ofSeconds(10),
                () -> server.app().webSocketSlotsReserved() == 0);
    }

    @Test
    void aRefusedOriginIsCheckedBeforeTheToken() {
        WsClient.Refused refused = catchThrowableOfType(
                () -> WsClient.connect(server.wsUri("/ws?token=not-a-jwt"), Map.of("Origin", "https://evil.example")),
                WsClient.Refused.class);
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void aRefusedUpgradeAnswersWithTheErrorEnvelopeAndEchoesTheRequestId() {
        RawHttp.Response refused = RawWebSocket.upgrade(server.port(), "/ws?token=not-a-token",
                "Origin: " + ALLOWED, "X-Request-Id: refused-upgrade-1");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("x-request-id")).isEqualTo("refused-upgrade-1");
        assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(4);
        assertThat(refused.json().path("success").asBoolean(true)).isFalse();
    }
}
