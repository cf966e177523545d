package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiAssertions.assertValidationError;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token refresh for Switchboard's own accounts over real HTTP (docs/api.md, "Token refresh"): login hands out a
 * refresh token, refresh rotates it, a spent one revokes its family, logout and a password change revoke.
 */
class TokenRefreshTest {
    private static final String ADMIN_EMAIL = "root-refresh@switchboard.test";
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
    void login_returnsARefreshToken_namingTheUser_withA30DayExpiry() {
        Account ada = api.newAccount("refresh-login");

        JsonNode login = assertSuccess(api.login(ada.email(), ada.password()), 200);

        String refresh = login.path("refreshToken").asText();
        assertThat(refresh).matches(ada.id() + "\\.[A-Za-z0-9_-]{43}");
        Instant expires = Instant.parse(login.path("refreshExpiresAt").asText());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofDays(30).minusMinutes(1),
                Duration.ofDays(30).plusSeconds(1));
        assertThat(login.path("token").asText()).isNotBlank();
        assertThat(login.path("user").path("id").asText()).isEqualTo(ada.id());
    }

    @Test
    void refresh_rotates_theNewTokensWork_andTheOldOneIsReuseThatRevokesTheFamily() {
        Account ada = api.newAccount("refresh-rotate");
        JsonNode login = assertSuccess(api.login(ada.email(), ada.password()), 200);
        String first = login.path("refreshToken").asText();

        JsonNode rotated = assertSuccess(api.refresh(first), 200);
        String second = rotated.path("refreshToken").asText();
        assertThat(second).isNotEqualTo(first).startsWith(ada.id() + ".");
        assertThat(rotated.path("refreshExpiresAt").asText()).as("the login's expiry, unchanged by rotation")
                .isEqualTo(login.path("refreshExpiresAt").asText());
        assertThat(rotated.path("user").path("id").asText()).isEqualTo(ada.id());
        assertThat(Instant.parse(rotated.path("expiresAt").asText())).isAfter(Instant.now());
        assertSuccess(api.me(rotated.path("token").asText()), 200);
        String third = assertSuccess(api.refresh(second), 200).path("refreshToken").asText();

        assertError(api.refresh(first), 401, 4, "REFRESH_TOKEN_REUSED");

        assertError(api.refresh(third), 401, 4, "REFRESH_TOKEN_REVOKED");
        assertError(api.refresh(second), 401, 4, "REFRESH_TOKEN_REUSED");
    }

    @Test
    void twoConcurrentRefreshesWithOneToken_exactlyOneWins_theOtherIsReuse() {
        for (int round = 0; round < 5; round++) {
            Account ada = api.newAccount("refresh-race");
            String token = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();

            List<CompletableFuture<Http.Response>> racing = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                racing.add(server.http().call("POST", "/api/auth/refresh").json(body("refreshToken", token))
                        .sendAsync());
            }
            List<Http.Response> answers = racing.stream().map(Http.Response::join).toList();

            List<Http.Response> won = answers.stream().filter(r -> r.status() == 200).toList();
            assertThat(won).as("round %d: %s", round, answers).hasSize(1);
            Http.Response lost = answers.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
            assertError(lost, 401, 4, "REFRESH_TOKEN_REUSED");
            assertError(api.refresh(won.get(0).data().path("refreshToken").asText()), 401, 4,
                    "REFRESH_TOKEN_REVOKED");
        }
    }

    @Test
    void anUnknownOrMalformedToken_isInvalid_aMissingOneIsAValidationError_andNoBearerIsNeeded() {
        Account ada = api.newAccount("refresh-invalid");
        String genuine = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();
        String forged = genuine.substring(0, genuine.length() - 1) + (genuine.endsWith("A") ? "B" : "A");

        assertError(api.refresh(forged), 401, 4, "REFRESH_TOKEN_INVALID");
        assertError(api.refresh("not-a-token"), 401, 4, "REFRESH_TOKEN_INVALID");
        assertError(api.refresh(genuine.toUpperCase()), 401, 4, "REFRESH_TOKEN_INVALID");
        assertError(api.refresh(ada.token()), 401, 4, "REFRESH_TOKEN_INVALID");
        assertValidationError(api.refresh(null), "refreshToken");
        assertValidationError(server.http().call("POST", "/api/auth/refresh").json(Map.of("refreshToken", 42)).send(),
                "refreshToken");

        assertSuccess(api.refresh(genuine), 200);
    }

    @Test
    void logout_revokesTheGivenTokensFamilyOnly_andAccessTokensStayValid() {
        Account ada = api.newAccount("logout-one");
        String phone = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();
        String laptop = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();
        JsonNode rotated = assertSuccess(api.refresh(phone), 200);
        String phoneNow = rotated.path("refreshToken").asText();

        assertThat(api.logout(ada.token(), body("refreshToken", phoneNow)).status()).isEqualTo(204);

        assertError(api.refresh(phoneNow), 401, 4, "REFRESH_TOKEN_REVOKED");
        assertSuccess(api.refresh(laptop), 200);
        assertSuccess(api.me(rotated.path("token").asText()), 200); // access tokens live until their exp
        assertThat(api.logout(ada.token(), body("refreshToken", phoneNow)).status()).as("again: no error")
                .isEqualTo(204);
    }

    @Test
    void logoutAll_revokesEveryFamilyOfTheUser_andNoOneElses() {
        Account ada = api.newAccount("logout-all");
        Account bob = api.newAccount("logout-bystander");
        String one = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();
        String two = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();
        String bobs = assertSuccess(api.login(bob.email(), bob.password()), 200).path("refreshToken").asText();

        assertThat(api.logout(ada.token(), body("all", true)).status()).isEqualTo(204);

        assertError(api.refresh(one), 401, 4, "REFRESH_TOKEN_REVOKED");
        assertError(api.refresh(two), 401, 4, "REFRESH_TOKEN_REVOKED");
        assertSuccess(api.refresh(bobs), 200);
    }

    @Test
    void logout_needsABearerToken_andOneOfItsFields_andCannotRevokeSomeoneElsesToken() {
        Account ada = api.newAccount("logout-rules");
        Account eve = api.newAccount("logout-eve");
        String adas = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();

        assertError(server.http().call("POST", "/api/auth/logout").json(body("refreshToken", adas)).send(), 401, 4,
                "TOKEN_MISSING");
        assertValidationError(api.logout(ada.token(), Map.of()), "body");
        assertValidationError(api.logout(ada.token(), body("all", false)), "body");
        assertValidationError(api.logout(ada.token(), body("all", "yes")), "all");
        assertThat(api.logout(eve.token(), body("refreshToken", adas)).status()).isEqualTo(204);
        assertThat(api.logout(ada.token(), body("refreshToken", "garbage")).status()).isEqualTo(204);

        assertSuccess(api.refresh(adas), 200);
    }

    @Test
    void aPasswordChange_revokesEveryRefreshTokenOfTheUser() {
        Account ada = api.newAccount("refresh-password");
        String one = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();
        String two = assertSuccess(api.refresh(
                assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText()), 200)
                .path("refreshToken").asText();

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("password", "N3w-Passw0rd!")), 200);

        assertError(api.refresh(one), 401, 4, "REFRESH_TOKEN_REVOKED");
        assertError(api.refresh(two), 401, 4, "REFRESH_TOKEN_REVOKED");
        String fresh = assertSuccess(api.login(ada.email(), "N3w-Passw0rd!"), 200).path("refreshToken").asText();
        assertSuccess(api.refresh(fresh), 200);
    }

    @Test
    void aNameChange_revokesNothing() {
        Account ada = api.newAccount("refresh-rename");
        String token = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();

        assertSuccess(api.updateUser(ada.token(), ada.id(), Map.of("name", "Renamed")), 200);

        assertThat(assertSuccess(api.refresh(token), 200).path("user").path("name").asText()).isEqualTo("Renamed");
    }

    @Test
    void aDeletedUsersRefreshToken_is401() {
        Account ada = api.newAccount("refresh-deleted");
        String token = assertSuccess(api.login(ada.email(), ada.password()), 200).path("refreshToken").asText();

        assertThat(api.deleteUser(ada.token(), ada.id()).status()).isEqualTo(204);

        assertError(api.refresh(token), 401, 4, "USER_NOT_FOUND");
    }

    @Test
    void theRefreshedAccessToken_carriesTheRolesOfADMIN_EMAILS() {
        Account admin = api.newAccount(ADMIN_EMAIL, "Refresh Admin", ApiClient.GOOD_PASSWORD);
        String token = assertSuccess(api.login(admin.email(), admin.password()), 200).path("refreshToken").asText();

        JsonNode refreshed = assertSuccess(api.refresh(token), 200);

        assertThat(refreshed.path("user").path("roles").toString()).isEqualTo("[\"admin\",\"user\"]");
        assertThat(claims(refreshed.path("token").asText()).path("roles").toString()).isEqualTo("[\"admin\",\"user\"]");
        assertThat(claims(refreshed.path("token").asText()).path("sub").asText()).isEqualTo(admin.id());
    }

    @Test
    void afterItsLifetime_aRefreshTokenIsExpired() {
        try (TestServer shortLived = TestServer.start(Map.of("JWT_REFRESH_TTL_SECONDS", "1"))) {
            Account ada = shortLived.api().newAccount("refresh-expiry");
            JsonNode login = assertSuccess(shortLived.api().login(ada.email(), ada.password()), 200);
            Instant expires = Instant.parse(login.path("refreshExpiresAt").asText());
            assertThat(Duration.between(Instant.now(), expires)).isLessThanOrEqualTo(Duration.ofSeconds(2));

            Await.until("the refresh token's expiry has passed", Duration.ofSeconds(5),
                    () -> Instant.now().isAfter(expires.plusMillis(50)));

            assertError(shortLived.api().refresh(login.path("refreshToken").asText()), 401, 4,
                    "REFRESH_TOKEN_EXPIRED");
        }
    }

    @Test
    void refreshAndLogout_countAgainstTheHttpRateLimit() {
        try (TestServer limited = TestServer.start(Map.of("HTTP_RATE_LIMIT", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertError(limited.api().refresh("not-a-token"), 401, 4, "REFRESH_TOKEN_INVALID");
            }
            assertError(limited.api().refresh("not-a-token"), 429, 7, "RATE_LIMITED");
            assertError(limited.api().logout("whatever", body("all", true)), 429, 7, "RATE_LIMITED");
        }
    }

    private static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        try {
            return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not a JWT payload", e);
        }
    }
}
