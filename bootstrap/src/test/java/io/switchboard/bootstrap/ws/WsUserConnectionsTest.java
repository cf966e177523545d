package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** WS_MAX_CONNECTIONS_PER_USER in one process (docs/websocket.md, "Limits"). */
class WsUserConnectionsTest {
    private static final int MAX_PER_USER = 2;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_MAX_CONNECTIONS_PER_USER", Integer.toString(MAX_PER_USER)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void noConnectionLeftFromAnEarlierTest() {
        Await.until("no open WebSocket left from an earlier test", () -> server.app().openWebSockets() == 0);
    }

    private static WsClient connect(Account account) throws Exception {
        return WsClient.connect(server.wsUri("/ws?token=" + account.token())); // took the ready frame
    }

    private static RawHttp.Response upgrade(String pathAndQuery) {
        return RawHttp.get(server.port(), pathAndQuery, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void anUpgradeOverTheUsersCap_is429Code7() throws Exception {
        Account ada = server.api().newAccount("per-user-upgrade");
        try (WsClient one = connect(ada); WsClient two = connect(ada)) {
            RawHttp.Response refused = upgrade("/ws?token=" + ada.token());

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(7);
            assertThat(refused.json().path("error").path("reason").asText()).isEqualTo("TOO_MANY_USER_CONNECTIONS");
        }
    }

    @Test
    void anotherUserIsNotAffected() throws Exception {
        Account ada = server.api().newAccount("per-user-a");
        Account bob = server.api().newAccount("per-user-b");
        try (WsClient one = connect(ada); WsClient two = connect(ada); WsClient bobs = connect(bob)) {
            bobs.send(body("type", "ping"));
            assertThat(bobs.awaitType("pong")).isNotNull();
        }
    }

    @Test
    void anAuthFrameOverTheCap_getsError7_thenClose1008() throws Exception {
        Account ada = server.api().newAccount("per-user-auth");
        try (WsClient one = connect(ada); WsClient two = connect(ada);
             WsClient late = WsClient.connect(server.wsUri("/ws"))) {
            late.send(body("type", "auth", "token", ada.token(), "id", "a1"));

            JsonNode error = late.next();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asInt()).isEqualTo(7);
            assertThat(error.path("reason").asText()).isEqualTo("TOO_MANY_USER_CONNECTIONS");
            assertThat(error.path("id").asText()).isEqualTo("a1");
            assertThat(late.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void closingAConnectionFreesASlot_forAnUpgradeOrAnAuthFrame() throws Exception {
        Account ada = server.api().newAccount("per-user-free");
        try (WsClient one = connect(ada)) {
            try (WsClient two = connect(ada)) {
                assertThat(upgrade("/ws?token=" + ada.token()).status()).isEqualTo(429);
            }
            Await.until("the closed connection no longer counts",
                    () -> server.app().webSocketsOfUser(ada.id()) == 1);

            try (WsClient late = WsClient.connect(server.wsUri("/ws"))) {
                late.send(body("type", "auth", "token", ada.token()));
                assertThat(late.next().path("type").asText()).isEqualTo("auth_success");
                assertThat(server.app().webSocketsOfUser(ada.id())).isEqualTo(2);
            }
        }
    }

    @Test
    void sessionDialectConnectionsCountToo() throws Exception {
        Account ada = server.api().newAccount("per-user-session");
        String sessionPath = "/ws?sessionId=" + UUID.randomUUID() + "&token=" + ada.token();
        try (WsClient one = WsClient.connect(server.wsUri(sessionPath)); WsClient two = connect(ada)) {
            one.awaitType("CONNECTED");

            assertThat(upgrade(sessionPath).status()).isEqualTo(429);
        }
    }

    @Test
    void aRenewingAuthFrameOnACountedConnectionTakesNoSecondSlot() throws Exception {
        Account ada = server.api().newAccount("per-user-renew");
        try (WsClient one = connect(ada); WsClient two = connect(ada)) {
            one.send(body("type", "auth", "token", ada.token(), "id", "renew"));

            assertThat(one.awaitType("auth_success").path("id").asText()).isEqualTo("renew");
            assertThat(server.app().webSocketsOfUser(ada.id())).isEqualTo(2);
        }
    }
}
