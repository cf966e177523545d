package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats (docs/websocket.md): the server pings every WS_PING_INTERVAL_MS and drops a peer it has not
 * heard from (no pong, no frame) for WS_PING_TIMEOUT_MS.
 */
class WsHeartbeatTest {
    private static final long PING_TIMEOUT_MS = 600;
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_PING_INTERVAL_MS", "100",
                "WS_PING_TIMEOUT_MS", Long.toString(PING_TIMEOUT_MS)));
        ada = server.api().newAccount("ws-heartbeat");
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
    void aPeerThatAnswersPingsStaysConnectedPastTheTimeout() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            // Silent on the JSON level for several ping timeouts; only the automatic pongs keep it alive.
            ws.expectNothing(Duration.ofMillis(2 * PING_TIMEOUT_MS));
            assertThat(ws.isClosed()).isFalse();
            assertAlive(ws);
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDropped() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            subscribe(ws, "public.heartbeat");
            assertThat(server.app().openWebSockets()).isEqualTo(1);
            assertThat(server.app().subscriptions()).isEqualTo(1);

            ws.pauseReading();

            Await.until("the silent peer is dropped", () -> server.app().openWebSockets() == 0);
            assertThat(server.app().subscriptions()).isZero();
        }
    }
}
