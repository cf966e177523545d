package io.switchboard.bootstrap.scale;

import io.switchboard.adapters.out.redis.RedisAdapters;
import io.switchboard.adapters.out.redis.RedisConnection;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.adapters.out.redis.RedisUserConnections;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import io.switchboard.domain.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WS_MAX_CONNECTIONS_PER_USER counts across all instances on one Redis (docs/redis.md, "Connections per user"):
 * connections on A and B count together, closing one frees a slot everywhere, and the connections of an instance
 * that died (its heartbeat stopped, its entries never removed) stop counting after WS_USER_CONNECTION_TTL_MS.
 */
class UserConnectionsAcrossInstancesTest {
    private static final long TTL_MS = 600;
    private static RedisServerFixture redis;
    private static String prefix;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        prefix = RedisServerFixture.newKeyPrefix();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", prefix,
                "WS_MAX_CONNECTIONS_PER_USER", "2", "WS_USER_CONNECTION_TTL_MS", Long.toString(TTL_MS));
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    @BeforeEach
    void noConnectionLeftFromAnEarlierTest() {
        Await.until("no open WebSocket left", () -> a.app().openWebSockets() == 0 && b.app().openWebSockets() == 0);
    }

    private static WsClient connect(TestServer server, Account account) throws Exception {
        return WsClient.connect(server.wsUri("/ws?token=" + account.token())); // took the ready frame
    }

    private static int upgradeStatus(TestServer server, Account account) {
        return RawHttp.get(server.port(), "/ws?token=" + account.token(), "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")
                .status();
    }

    @Test
    void connectionsOnAAndBCountTogether_andClosingOneFreesASlot() throws Exception {
        Account ada = a.api().newAccount("per-user-multi");
        try (WsClient onA = connect(a, ada)) {
            try (WsClient onB = connect(b, ada)) {
                assertThat(a.app().webSocketsOfUser(ada.id())).isEqualTo(2);
                assertThat(upgradeStatus(a, ada)).isEqualTo(429);
                assertThat(upgradeStatus(b, ada)).isEqualTo(429);
            }
            Await.until("B's closed connection no longer counts", () -> a.app().webSocketsOfUser(ada.id()) == 1);

            try (WsClient again = connect(a, ada)) {
                assertThat(b.app().webSocketsOfUser(ada.id())).isEqualTo(2);
            }
        }
    }

    @Test
    void aDeadInstancesConnectionsStopCountingAfterTheTtl_whileLiveOnesKeepCounting() throws Exception {
        Account ada = a.api().newAccount("per-user-dead");
        UserId user = UserId.parse(ada.id());
        try (RedisConnection connection = RedisAdapters.connect(redis.url());
             WsClient live = connect(a, ada)) {
            // A third instance holds the user's other connection, then dies: no heartbeat, no removal.
            RedisUserConnections dead = RedisAdapters.userConnections(connection, prefix, 2, TTL_MS);
            assertThat(dead.tryAdd(user, "dead-1")).isTrue();
            dead.close();
            assertThat(upgradeStatus(b, ada)).as("the dead instance's connection still counts").isEqualTo(429);

            Await.until("the dead instance's connection expires", Duration.ofSeconds(10),
                    () -> b.app().webSocketsOfUser(ada.id()) == 1);

            // A's connection is older than the dead one: only A's heartbeat kept it counting.
            assertThat(a.app().webSocketsOfUser(ada.id())).isEqualTo(1);
            try (WsClient onB = connect(b, ada)) {
                assertThat(upgradeStatus(a, ada)).isEqualTo(429);
            }
        }
    }
}
