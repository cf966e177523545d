package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A password change revokes every token issued before it (docs/decisions.md, "Hardening: accounts"): REST calls,
 * WebSocket upgrades and auth frames with such a token get code 4 TOKEN_REVOKED; tokens issued after it work,
 * also when issued within the same second.
 */
class PasswordChangeRevokesTokensTest {
    private static final String NEW_PASSWORD = "N3w-Passw0rd!";
    private static final String ADMIN_EMAIL = "root-passwords@switchboard.test";
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN_EMAIL));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void afterAPasswordChange_everyEarlierToken_is401TokenRevoked_onRest() {
        Account ada = api.newAccount("revoke-rest");
        String second = loginToken(ada.email(), ada.password());
        assertSuccess(api.me(ada.token()), 200); // known to the verified-token cache before the change
        assertSuccess(api.me(second), 200);

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("password", NEW_PASSWORD)), 200);

        assertError(api.me(ada.token()), 401, 4, "TOKEN_REVOKED");
        assertError(api.me(second), 401, 4, "TOKEN_REVOKED");
        assertError(api.listMessages(second, ""), 401, 4, "TOKEN_REVOKED");
        assertError(api.updateUser(ada.token(), ada.id(), Map.of("password", "An0ther-Pass!")), 401, 4,
                "TOKEN_REVOKED");
    }

    @Test
    void aTokenIssuedRightAfterTheChange_inTheSameSecond_works() {
        Account ada = api.newAccount("revoke-same-second");

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("password", NEW_PASSWORD)), 200);
        String fresh = loginToken(ada.email(), NEW_PASSWORD);

        assertThat(assertSuccess(api.me(fresh), 200).path("id").asText()).isEqualTo(ada.id());
        assertError(api.me(ada.token()), 401, 4, "TOKEN_REVOKED");
    }

    @Test
    void changingOnlyTheNameOrEmail_revokesNothing() {
        Account ada = api.newAccount("revoke-nothing");

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("name", "Renamed Only")), 200);
        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("email", ApiClient.uniqueEmail("moved"))), 200);

        assertSuccess(api.me(ada.token()), 200);
    }

    @Test
    void anAdminChangingSomeonesPassword_revokesThatUsersTokens_butNotTheAdmins() {
        Account admin = api.newAccount(ADMIN_EMAIL, "Password Admin", ApiClient.GOOD_PASSWORD);
        Account user = api.newAccount("pw-reset");

        assertSuccess(api.updateUser(admin.token(), user.id(), Map.of("password", NEW_PASSWORD)), 200);

        assertError(api.me(user.token()), 401, 4, "TOKEN_REVOKED");
        assertSuccess(api.me(admin.token()), 200);
        assertSuccess(api.login(user.email(), NEW_PASSWORD), 200);
    }

    @Test
    void afterAPasswordChange_anEarlierToken_isRefusedAtTheWebSocketUpgrade_andInAnAuthFrame() throws Exception {
        Account ada = api.newAccount("revoke-ws");
        try (WsClient before = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            before.send(body("type", "ping"));
            assertThat(before.awaitType("pong")).isNotNull();
        }

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("password", NEW_PASSWORD)), 200);

        WsClient.Refused byQuery = catchThrowableOfType(
                () -> WsClient.connect(server.wsUri("/ws?token=" + ada.token())), WsClient.Refused.class);
        assertThat(byQuery).isNotNull();
        assertThat(byQuery.status()).isEqualTo(401);
        WsClient.Refused session = catchThrowableOfType(() -> WsClient.connect(
                server.wsUri("/ws?sessionId=" + UUID.randomUUID() + "&token=" + ada.token())), WsClient.Refused.class);
        assertThat(session).isNotNull();
        assertThat(session.status()).isEqualTo(401);

        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            ws.send(body("type", "auth", "token", ada.token(), "id", "old"));
            JsonNode error = ws.awaitType("error");
            assertThat(error.path("code").asInt()).isEqualTo(4);
            assertThat(error.path("reason").asText()).isEqualTo("TOKEN_REVOKED");
            assertThat(ws.awaitClose()).isEqualTo(1008);
        }
        try (WsClient ws = WsClient.connect(server.wsUri("/ws"))) {
            ws.send(body("type", "auth", "token", loginToken(ada.email(), NEW_PASSWORD), "id", "new"));
            assertThat(ws.awaitType("auth_success").path("userId").asText()).isEqualTo(ada.id());
        }
    }

    @Test
    void aTokenWithoutACredentialVersion_countsAsVersion0_soAPasswordChangeRevokesItToo() {
        Account ada = api.newAccount("revoke-no-cv");
        String withoutCv = server.tokens().forUser(ada.id()).email(ada.email()).mint();
        assertSuccess(api.me(withoutCv), 200);

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("password", NEW_PASSWORD)), 200);

        assertError(api.me(withoutCv), 401, 4, "TOKEN_REVOKED");
    }

    @Test
    void aTokenNamingAnotherCredentialVersion_isRevoked_andAMalformedOne_isInvalid() {
        Account ada = api.newAccount("revoke-bad-cv");

        assertError(api.me(server.tokens().forUser(ada.id()).claim("cv", 7).mint()), 401, 4, "TOKEN_REVOKED");
        for (Object malformed : new Object[] {"0", -1, 0.5, java.util.List.of(0), new java.math.BigInteger(Long.MAX_VALUE + "0")}) {
            assertError(api.me(server.tokens().forUser(ada.id()).claim("cv", malformed).mint()), 401, 4,
                    "TOKEN_INVALID");
        }
        assertSuccess(api.me(server.tokens().forUser(ada.id()).claim("cv", 0).mint()), 200);
    }

    private static String loginToken(String email, String password) {
        return assertSuccess(api.login(email, password), 200).path("token").asText();
    }
}
