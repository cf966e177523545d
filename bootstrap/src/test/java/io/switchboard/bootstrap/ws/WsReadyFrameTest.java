package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic-dialect connection authenticated at the upgrade gets a first frame saying so (docs/websocket.md,
 * "Connecting"): {type:"auth_success", userId, expiresAt, timestamp}, the reply to an `auth` frame without `id`.
 */
class WsReadyFrameTest {
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ada = server.api().newAccount("ready-frame");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenInTheQuery_getsAuthSuccessAsTheFirstFrame() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            assertReady(ws.received().get(0)); // WsClient.connect took it as the ready frame
            assertThat(ws.ready()).isEqualTo(ws.received().get(0));
        }
    }

    @Test
    void aTokenInTheAuthorizationHeader_getsAuthSuccessAsTheFirstFrame() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"), Map.of("Authorization", "Bearer " + ada.token()))) {
            assertReady(ws.received().get(0)); // WsClient.connect took it as the ready frame
            assertThat(ws.ready()).isEqualTo(ws.received().get(0));
        }
    }

    @Test
    void withoutATokenNothingIsSentUntilTheAuthFrame() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            ws.expectNothing(Duration.ofMillis(300));
        }
    }

    private static void assertReady(JsonNode first) {
        assertThat(first.path("type").asText()).isEqualTo("auth_success");
        assertThat(first.path("userId").asText()).isEqualTo(ada.id());
        assertThat(Instant.parse(first.path("expiresAt").asText())).isAfter(Instant.now());
        assertThat(Instant.parse(first.path("timestamp").asText())).isNotNull();
        assertThat(first.has("id")).isFalse();
        assertThat(first.size()).isEqualTo(4);
    }
}
