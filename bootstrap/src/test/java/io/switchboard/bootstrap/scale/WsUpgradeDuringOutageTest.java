package io.switchboard.bootstrap.scale;

import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.RawWebSocket;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket upgrade while Redis is down: the token's user cannot be looked up, which is 503 code 55
 * SERVICE_UNAVAILABLE, the same status REST answers for the same failure (one mapping of codes to statuses).
 */
class WsUpgradeDuringOutageTest {
    private static RedisServerFixture redis;
    private static TestServer server;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.startPersistent();
        Assumptions.assumeTrue(redis.canRestart(), "REDIS_URL names an external Redis, which this test cannot stop");
        server = TestServer.start(Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix()));
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(server, redis);
    }

    @Test
    void anUpgradeWhileTheStoreIsDownIsRefusedWith503Code55() throws Exception {
        Account ada = server.api().newAccount("ws-outage");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            assertThat(ws.isClosed()).as("with Redis up the upgrade succeeds").isFalse();
        }

        redis.kill();
        Await.until("the server is not ready", Duration.ofSeconds(15),
                () -> server.http().get("/health/ready").status() == 503);

        RawHttp.Response refused = upgrade(ada);
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().path("error").path("code").asInt()).isEqualTo(55);
        assertThat(refused.json().path("success").asBoolean(true)).isFalse();
    }

    private static RawHttp.Response upgrade(Account account) {
        return RawWebSocket.upgrade(server.port(), "/ws?token=" + account.token());
    }
}
