package io.switchboard.bootstrap.http;

import io.jsonwebtoken.Jwts;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens (docs/api.md, JWT). Each bad token differs from a good one in exactly one property; the
 * control test proves that a token minted here is otherwise accepted, so each refusal is about that property.
 */
class TokensApiTest {
    private static TestServer server;
    private static ApiClient api;
    private static Http http;
    private static TestTokens tokens;
    private static Account account;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.api();
        http = server.http();
        tokens = server.tokens();
        account = api.newAccount("tokens");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void control_aTokenMintedLikeTheServers_isAccepted() {
        String token = tokens.forUser(account.id()).mint();
        assertThat(assertSuccess(api.me(token), 200).path("id").asText()).isEqualTo(account.id());
    }

    @Test
    void noAuthorizationHeader_is401Code4() {
        assertError(api.me(null), 401, 4, "TOKEN_MISSING");
    }

    @Test
    void anAuthorizationHeaderThatIsNotBearer_is401Code4() {
        assertError(http.call("GET", "/api/auth/me").header("Authorization", "Basic dXNlcjpwYXNz").send(),
                401, 4, "TOKEN_MISSING");
        assertError(http.call("GET", "/api/auth/me").header("Authorization", "Bearer ").send(), 401, 4, "TOKEN_MISSING");
        assertError(http.call("GET", "/api/auth/me").header("Authorization", account.token()).send(), 401, 4,
                "TOKEN_MISSING");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertSuccess(http.call("GET", "/api/auth/me").header("Authorization", "bearer " + account.token()).send(), 200);
    }

    @Test
    void aGarbageToken_is401Code4() {
        assertError(api.me("garbage"), 401, 4, "TOKEN_INVALID");
        assertError(api.me("a.b.c"), 401, 4, "TOKEN_INVALID");
        assertError(api.me("eyJhbGciOiJIUzI1NiJ9.e30."), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void anExpiredToken_is401Code4TokenExpired() {
        String expired = tokens.forUser(account.id()).expiredAgo(Duration.ofMinutes(5)).mint();
        assertError(api.me(expired), 401, 4, "TOKEN_EXPIRED");
    }

    @Test
    void aTokenExpiredWithinTheThirtySecondSkew_isStillAccepted() {
        String justExpired = tokens.forUser(account.id()).expiredAgo(Duration.ofSeconds(10)).mint();
        assertSuccess(api.me(justExpired), 200);
    }

    @Test
    void aTokenExpiredJustBeyondTheSkew_isRefused() {
        String expired = tokens.forUser(account.id()).expiredAgo(Duration.ofSeconds(45)).mint();
        assertError(api.me(expired), 401, 4, "TOKEN_EXPIRED");
    }

    @Test
    void anUnsignedToken_algNone_is401Code4() {
        String unsigned = tokens.forUser(account.id()).unsigned().mint();
        assertThat(header(unsigned)).contains("\"none\"");

        assertError(api.me(unsigned), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void aTokenSignedWithAnotherKey_is401Code4() {
        String forged = tokens.forUser(account.id())
                .key("another-secret-of-sixty-four-bytes-or-more-0123456789abcdefghijklmnop").mint();
        assertError(api.me(forged), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void aTokenFromAnotherIssuer_is401Code4() {
        String foreign = tokens.forUser(account.id()).issuer("someone-else").mint();
        assertError(api.me(foreign), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void aTokenWithAnotherAlgorithm_HS512WithTheSameSecret_is401Code4() {
        String hs512 = tokens.forUser(account.id()).signedWith(Jwts.SIG.HS512).mint();
        assertThat(header(hs512)).contains("HS512");

        assertError(api.me(hs512), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void aTokenWithAnotherAlgorithm_HS384WithTheSameSecret_is401Code4() {
        assertError(api.me(tokens.forUser(account.id()).signedWith(Jwts.SIG.HS384).mint()), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void aTokenWhoseSignatureWasTamperedWith_is401Code4() {
        String good = tokens.forUser(account.id()).mint();
        String[] parts = good.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"user\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
        assertThat(otherPayload).isNotEqualTo(parts[1]);

        assertError(api.me(parts[0] + "." + otherPayload + "." + parts[2]), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void aWellSignedTokenForAUserWhoDoesNotExist_is401Code4() {
        assertError(api.me(tokens.forUser(UUID.randomUUID().toString()).mint()), 401, 4, null);
    }

    @Test
    void aWellSignedTokenWhoseSubjectIsNotAUuid_is401Code4() {
        assertError(api.me(tokens.forUser("not-a-uuid").mint()), 401, 4, "TOKEN_INVALID");
    }

    @Test
    void everyAuthenticatedRoute_refusesABadToken_beforeLookingAtTheRequest() {
        String bad = tokens.forUser(account.id()).issuer("someone-else").mint();
        String id = UUID.randomUUID().toString();

        assertError(http.call("GET", "/api/auth/me").bearer(bad).send(), 401, 4, null);
        assertError(http.call("GET", "/api/users/" + id).bearer(bad).send(), 401, 4, null);
        assertError(http.call("PUT", "/api/users/" + id).bearer(bad).raw("{broken").send(), 401, 4, null);
        assertError(http.call("DELETE", "/api/users/" + id).bearer(bad).send(), 401, 4, null);
        assertError(http.call("POST", "/api/messages").bearer(bad).raw("{broken").send(), 401, 4, null);
        assertError(http.call("GET", "/api/messages?limit=abc").bearer(bad).send(), 401, 4, null);
        assertError(http.call("GET", "/api/messages/" + id).bearer(bad).send(), 401, 4, null);
        assertError(http.call("PATCH", "/api/messages/" + id).bearer(bad).json(java.util.Map.of()).send(), 401, 4, null);
        assertError(http.call("DELETE", "/api/messages/" + id).bearer(bad).send(), 401, 4, null);
    }

    @Test
    void theRolesClaimOfAForgedTokenCannotMakeAnAdmin_withoutTheKey() {
        Account victim = api.newAccount("tokvictim");
        String forgedAdmin = tokens.forUser(account.id()).roles("user", "admin")
                .key("another-secret-of-sixty-four-bytes-or-more-0123456789abcdefghijklmnop").mint();

        assertError(api.deleteUser(forgedAdmin, victim.id()), 401, 4, null);
        assertSuccess(api.me(victim.token()), 200);
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }
}
