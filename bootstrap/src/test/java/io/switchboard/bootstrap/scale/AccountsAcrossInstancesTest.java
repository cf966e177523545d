package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.http.ConcurrentUserUpdatesTest;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.GOOD_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Accounts on Redis behind several instances (docs/decisions.md, "Hardening: accounts"): a password change on one
 * instance revokes the earlier tokens on every instance, concurrent updates through different instances all
 * survive, and roles follow the ADMIN_EMAILS of the instance that issues the token or serves the request.
 */
class AccountsAcrossInstancesTest {
    private static final String ADMIN_EMAIL = "root-" + UUID.randomUUID() + "@switchboard.test";
    private static RedisServerFixture redis;
    private static String prefix;
    private static TestServer a;
    private static TestServer b;
    private static TestServer c;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        prefix = RedisServerFixture.newKeyPrefix();
        a = TestServer.start(shared(ADMIN_EMAIL));
        b = TestServer.start(shared(ADMIN_EMAIL));
        c = TestServer.start(shared(ADMIN_EMAIL));
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, c, redis);
    }

    private static Map<String, String> shared(String adminEmails) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", redis.url());
        env.put("REDIS_KEY_PREFIX", prefix);
        env.put("ADMIN_EMAILS", adminEmails);
        return env;
    }

    @Test
    void aPasswordChangeOnA_revokesEarlierTokensOnBAndC_atOnce() throws Exception {
        Account ada = a.api().newAccount("revoke-everywhere");
        assertSuccess(b.api().me(ada.token()), 200); // B now remembers the token as verified
        assertSuccess(c.api().me(ada.token()), 200);

        assertSuccess(a.api().updateUser(ada.token(), ada.id(), Map.of("password", "N3w-Passw0rd!")), 200);

        assertError(b.api().me(ada.token()), 401, 4, "TOKEN_REVOKED");
        assertError(c.api().me(ada.token()), 401, 4, "TOKEN_REVOKED");
        WsClient.Refused upgrade = catchThrowableOfType(
                () -> WsClient.connect(b.wsUri("/ws?token=" + ada.token())), WsClient.Refused.class);
        assertThat(upgrade).isNotNull();
        assertThat(upgrade.status()).isEqualTo(401);
        String fresh = assertSuccess(c.api().login(ada.email(), "N3w-Passw0rd!"), 200).path("token").asText();
        assertSuccess(b.api().me(fresh), 200);
    }

    @Test
    void concurrentPutsOfDifferentFieldsThroughThreeInstances_allSurvive() {
        ConcurrentUserUpdatesTest.assertConcurrentPutsAllSurvive(ADMIN_EMAIL, a, b, c);
    }

    @Test
    void removingAnAddressFromAdminEmails_takesAdminAwayAtTheNextLoginAndRequest_andAddingOneGrantsIt()
            throws Exception {
        String listedFirst = "was-admin-" + UUID.randomUUID() + "@switchboard.test";
        String listedLater = "becomes-admin-" + UUID.randomUUID() + "@switchboard.test";
        Account former;
        Account future;
        Account bystander;
        try (TestServer before = TestServer.start(shared(listedFirst))) {
            former = before.api().newAccount(listedFirst, "Former Admin", GOOD_PASSWORD);
            future = before.api().newAccount(listedLater, "Future Admin", GOOD_PASSWORD);
            bystander = before.api().newAccount("bystander");
            assertThat(roles(before.api().me(former.token()).data())).containsExactlyInAnyOrder("user", "admin");
            assertThat(roles(before.api().me(future.token()).data())).containsExactly("user");
        }

        // Restarted over the same store with the other address listed.
        try (TestServer after = TestServer.start(shared(listedLater))) {
            JsonNode formerLogin = assertSuccess(after.api().login(former.email(), GOOD_PASSWORD), 200);
            assertThat(roles(formerLogin.path("user"))).containsExactly("user");
            assertError(after.api().deleteUser(formerLogin.path("token").asText(), bystander.id()), 403, 5, null);
            // A token issued while the address was listed carries the admin role, but requests see today's roles.
            assertThat(roles(after.api().me(former.token()).data())).containsExactly("user");
            assertError(after.api().deleteUser(former.token(), bystander.id()), 403, 5, null);

            JsonNode futureLogin = assertSuccess(after.api().login(future.email(), GOOD_PASSWORD), 200);
            assertThat(roles(futureLogin.path("user"))).containsExactlyInAnyOrder("user", "admin");
            assertThat(roles(after.api().getUser(future.token(), future.id()).data()))
                    .containsExactlyInAnyOrder("user", "admin");
            assertThat(after.api().deleteUser(futureLogin.path("token").asText(), bystander.id()).status())
                    .isEqualTo(204);
        }
    }

    private static List<String> roles(JsonNode user) {
        List<String> roles = new ArrayList<>();
        user.path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
