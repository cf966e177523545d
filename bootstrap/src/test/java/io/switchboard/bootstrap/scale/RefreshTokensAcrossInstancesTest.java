package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens on Redis behind two instances (docs/redis.md, docs/decisions.md "Token refresh"): a token issued on
 * A refreshes on B, reuse and revocation hold across instances, concurrent refreshes on A and B have one winner, and
 * Redis holds only hashes of the tokens, under keys hash-tagged by user.
 */
class RefreshTokensAcrossInstancesTest {
    private static RedisServerFixture redis;
    private static String prefix;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        prefix = RedisServerFixture.newKeyPrefix();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", prefix);
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    @Test
    void issuedOnA_refreshesOnB_andTheSpentTokenIsReuseOnA() {
        Account ada = a.api().newAccount("rt-multi");
        String first = loginOn(a, ada);

        JsonNode onB = assertSuccess(b.api().refresh(first), 200);
        assertSuccess(a.api().me(onB.path("token").asText()), 200);
        String second = onB.path("refreshToken").asText();

        assertError(a.api().refresh(first), 401, 4, "REFRESH_TOKEN_REUSED");
        assertError(b.api().refresh(second), 401, 4, "REFRESH_TOKEN_REVOKED");
    }

    @Test
    void concurrentRefreshesOnAAndB_haveExactlyOneWinner() {
        for (int round = 0; round < 5; round++) {
            Account ada = a.api().newAccount("rt-multi-race");
            String token = loginOn(a, ada);

            List<CompletableFuture<Http.Response>> racing = new ArrayList<>();
            for (TestServer instance : new TestServer[] {a, b}) {
                racing.add(instance.http().call("POST", "/api/auth/refresh").json(body("refreshToken", token))
                        .sendAsync());
            }
            List<Http.Response> answers = racing.stream().map(Http.Response::join).toList();

            assertThat(answers.stream().filter(r -> r.status() == 200)).as("round %d: %s", round, answers).hasSize(1);
            assertError(answers.stream().filter(r -> r.status() != 200).findFirst().orElseThrow(), 401, 4,
                    "REFRESH_TOKEN_REUSED");
        }
    }

    @Test
    void aPasswordChangeOnA_andALogoutAllOnB_revokeOnEveryInstance() {
        Account ada = a.api().newAccount("rt-multi-revoke");
        String beforeChange = loginOn(b, ada);
        assertSuccess(a.api().updateUser(ada.token(), ada.id(), Map.of("password", "N3w-Passw0rd!")), 200);
        assertError(b.api().refresh(beforeChange), 401, 4, "REFRESH_TOKEN_REVOKED");

        JsonNode login = assertSuccess(a.api().login(ada.email(), "N3w-Passw0rd!"), 200);
        String afterChange = login.path("refreshToken").asText();
        assertThat(b.api().logout(login.path("token").asText(), body("all", true)).status()).isEqualTo(204);
        assertError(a.api().refresh(afterChange), 401, 4, "REFRESH_TOKEN_REVOKED");
    }

    @Test
    void redisHoldsOnlyHashesOfRefreshTokens_underKeysTaggedByUser() throws Exception {
        Account ada = a.api().newAccount("rt-multi-keys");
        String first = loginOn(a, ada);
        String second = assertSuccess(b.api().refresh(first), 200).path("refreshToken").asText();
        List<String> secrets = List.of(secret(first), secret(second));

        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> r = connection.sync();
            List<String> keys = r.keys(prefix + "*");
            String tag = prefix + "{u:" + ada.id() + "}:";
            assertThat(keys).contains(tag + "rt:" + sha256(first), tag + "rt:" + sha256(second), tag + "rtu");
            StringBuilder everything = new StringBuilder();
            for (String key : keys) {
                everything.append(key).append('\n');
                switch (r.type(key)) {
                    case "hash" -> r.hgetall(key).forEach((f, v) -> everything.append(f).append('=').append(v)
                            .append('\n'));
                    case "set" -> r.smembers(key).forEach(m -> everything.append(m).append('\n'));
                    case "zset" -> r.zrange(key, 0, -1).forEach(m -> everything.append(m).append('\n'));
                    case "list" -> r.lrange(key, 0, -1).forEach(m -> everything.append(m).append('\n'));
                    case "string" -> everything.append(r.get(key)).append('\n');
                    default -> { }
                }
                if (key.startsWith(tag + "rt")) {
                    assertThat(r.pttl(key)).as("PTTL of %s", key).isPositive();
                }
            }
            assertThat(everything.toString()).doesNotContain(secrets);
        } finally {
            client.shutdown();
        }
    }

    private static String loginOn(TestServer instance, Account account) {
        return assertSuccess(instance.api().login(account.email(), account.password()), 200).path("refreshToken")
                .asText();
    }

    private static String secret(String refreshToken) {
        return refreshToken.substring(refreshToken.indexOf('.') + 1);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
