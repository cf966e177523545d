package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WS_MAX_CONNECTIONS_PER_IP follows X-Forwarded-For only when the peer (127.0.0.1) is in TRUSTED_PROXIES
 * (docs/websocket.md, "Client IP").
 */
class WsClientIpTest {
    private TestServer server;
    private Account ada;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String trustedProxies) {
        Map<String, String> env = new HashMap<>();
        env.put("WS_MAX_CONNECTIONS_PER_IP", "1");
        env.put("TRUSTED_PROXIES", trustedProxies);
        server = TestServer.start(env);
        ada = server.api().newAccount("ws-client-ip");
    }

    private WsClient connectAs(String forwardedFor) throws Exception {
        return WsClient.connect(server.wsUri("/ws?token=" + ada.token()), Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void behindATrustedProxy_eachForwardedClientHasItsOwnCap() throws Exception {
        start("127.0.0.1");

        try (WsClient first = connectAs("203.0.113.1");
             WsClient second = connectAs("203.0.113.2")) {

            assertThatThrownBy(() -> connectAs("6.6.6.6, 203.0.113.1"))
                    .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(429));
        }
    }

    @Test
    void fromAnUntrustedPeer_aSpoofedHeaderIsIgnored() throws Exception {
        start(null);

        try (WsClient first = connectAs("203.0.113.1")) {

            assertThatThrownBy(() -> connectAs("203.0.113.2"))
                    .as("a different forwarded address is still the one peer 127.0.0.1")
                    .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(429));
        }
    }

    @Test
    void closingAForwardedClientsConnectionFreesItsSlot() throws Exception {
        start("127.0.0.0/8");

        try (WsClient first = connectAs("203.0.113.1")) {
        }
        WsClient again = Await.value("the client's slot comes back", java.time.Duration.ofSeconds(5), () -> {
            try {
                return java.util.Optional.of(connectAs("203.0.113.1"));
            } catch (Exception e) {
                return java.util.Optional.empty();
            }
        });
        again.close();
    }
}
