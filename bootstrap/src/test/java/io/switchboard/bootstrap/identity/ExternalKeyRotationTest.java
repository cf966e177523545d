package io.switchboard.bootstrap.identity;

import io.switchboard.bootstrap.Config;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.JwksFixture;
import io.switchboard.bootstrap.support.JwksFixture.SigningKey;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The identity provider's keys over time (docs/integration.md): a key published later is picked up on its first
 * token, an unknown kid refetches at most once per 30 s, and while the JWKS URL fails the last good keys stay.
 * Each test runs its own server, since the refetch allowance is per server.
 */
class ExternalKeyRotationTest {
    private static Http.Response post(TestServer server, String token) {
        return server.http().call("POST", "/api/messages").bearer(token)
                .json(body("content", "rotation", "channelId", "rotation")).send();
    }

    @Test
    void aKeyPublishedLater_isPickedUpOnItsFirstToken_andTheOldKeyStopsWhenItIsWithdrawn() throws Exception {
        SigningKey first = JwksFixture.rsa("2026-a");
        SigningKey second = JwksFixture.ed25519("2026-b");
        try (JwksFixture idp = JwksFixture.start(first); TestServer server = TestServer.start(idp.serverEnvironment())) {
            int fetchesAtStart = idp.requests();
            assertThat(fetchesAtStart).as("the JWKS is read at start-up").isEqualTo(1);
            assertSuccess(post(server, idp.token(first, "rotating-user").mint()), 201);
            assertThat(idp.requests()).as("a known kid needs no fetch").isEqualTo(fetchesAtStart);

            idp.publish(second); // rotation: the new key only
            assertSuccess(post(server, idp.token(second, "rotating-user").mint()), 201);
            assertThat(idp.requests()).as("one refetch for the unknown kid").isEqualTo(fetchesAtStart + 1);
            // The refetch replaced the set: the withdrawn key verifies no new token (a token verified before is
            // remembered until it expires; docs/integration.md).
            assertError(post(server, idp.token(first, "another-user").mint()), 401, 4, "TOKEN_KID_UNKNOWN");
        }
    }

    @Test
    void unknownKids_refetchAtMostOncePer30Seconds() throws Exception {
        SigningKey published = JwksFixture.ec("only");
        try (JwksFixture idp = JwksFixture.start(published); TestServer server = TestServer.start(idp.serverEnvironment())) {
            int before = idp.requests();
            for (int i = 0; i < 5; i++) {
                assertError(post(server, idp.token(JwksFixture.ec("made-up-" + i), "flooder").mint()), 401, 4,
                        "TOKEN_KID_UNKNOWN");
            }
            assertThat(idp.requests()).as("five unknown kids within 30 s: one refetch").isEqualTo(before + 1);

            // A key published right after that refetch waits for the next allowance (or the periodic refresh).
            SigningKey late = JwksFixture.ec("late");
            idp.publish(published, late);
            assertError(post(server, idp.token(late, "late-user").mint()), 401, 4, "TOKEN_KID_UNKNOWN");
            assertThat(idp.requests()).isEqualTo(before + 1);
            assertSuccess(post(server, idp.token(published, "steady-user").mint()), 201);
        }
    }

    @Test
    void whileTheJwksAnswers500_theLastGoodKeysStayInUse() throws Exception {
        SigningKey key = JwksFixture.rsa("kept");
        try (JwksFixture idp = JwksFixture.start(key); TestServer server = TestServer.start(idp.serverEnvironment())) {
            idp.failWith(500);
            int before = idp.requests();
            assertError(post(server, idp.token(JwksFixture.rsa("new"), "u1").mint()), 401, 4, "TOKEN_KID_UNKNOWN");
            assertThat(idp.requests()).as("the refetch was tried and failed").isEqualTo(before + 1);

            assertSuccess(post(server, idp.token(key, "u1").mint()), 201);
            String metrics = server.http().call("GET", "/metrics").send().body();
            assertThat(metrics).contains("switchboard_jwks_fetch_failures 1.0").contains("switchboard_jwks_keys 1.0");
        }
    }

    @Test
    void whileTheJwksUrlIsDown_theLastGoodKeysStayInUse() throws Exception {
        SigningKey key = JwksFixture.ec("kept");
        JwksFixture idp = JwksFixture.start(key);
        try (TestServer server = TestServer.start(idp.serverEnvironment())) {
            idp.close(); // connections refused from now on
            assertError(post(server, idp.token(JwksFixture.ec("new"), "u2").mint()), 401, 4, "TOKEN_KID_UNKNOWN");
            assertSuccess(post(server, idp.token(key, "u2").mint()), 201);
        }
    }

    @Test
    void aJwksUnreachableAtStartUp_doesNotStopTheServer_andItsKeysArriveWithTheFirstToken() throws Exception {
        SigningKey key = JwksFixture.rsa("late-idp");
        try (JwksFixture idp = JwksFixture.start(key)) {
            idp.failWith(503);
            try (TestServer server = TestServer.start(idp.serverEnvironment())) {
                idp.failWith(0);
                assertSuccess(post(server, idp.token(key, "early-bird").mint()), 201);
            }
        }
    }

    @Test
    void aJwksUrlWithoutAnAudience_stopsStartUp_namingJwtAudience() {
        assertThatThrownBy(() -> Config.from(Map.of("JWT_JWKS_URL", "https://idp.example/jwks.json")))
                .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith("JWT_AUDIENCE:");
        assertThatThrownBy(() -> Config.from(Map.of("JWT_JWKS_URL", "ftp://idp.example/jwks.json",
                "JWT_AUDIENCE", "app"))).isInstanceOf(Config.InvalidConfig.class)
                .hasMessageStartingWith("JWT_JWKS_URL:");
        assertThatThrownBy(() -> Config.from(Map.of("JWT_JWKS_URL", "not a url", "JWT_AUDIENCE", "app")))
                .isInstanceOf(Config.InvalidConfig.class).hasMessageStartingWith("JWT_JWKS_URL:");
        Config ok = Config.from(Map.of("JWT_JWKS_URL", "https://idp.example/jwks.json", "JWT_AUDIENCE", "app"));
        assertThat(ok.jwtJwksUrl()).isEqualTo("https://idp.example/jwks.json");
        assertThat(ok.jwtAudience()).isEqualTo("app");
    }
}
