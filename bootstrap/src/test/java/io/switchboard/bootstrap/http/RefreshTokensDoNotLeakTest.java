package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.ServerLog;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens never appear in a log line, and only in the answers of login and refresh (the pattern of
 * {@link SecretsDoNotLeakTest}): every refresh-token route is driven on success and failure paths, with the token
 * also in places a careless log line would print, then the server's log file is read line by line.
 */
class RefreshTokensDoNotLeakTest {
    private static TestServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noLogLineAndNoOtherResponse_containsARefreshTokensSecret() {
        ServerLog.path();
        Account ada = server.api().newAccount("rt-leak");
        List<String> requestIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<Http.Response> others = new ArrayList<>();

        Http.Response login = send(requestIds, http.call("POST", "/api/auth/login")
                .json(body("email", ada.email(), "password", ada.password())));
        String first = login.data().path("refreshToken").asText();
        tokens.add(first);
        Http.Response rotated = send(requestIds, http.call("POST", "/api/auth/refresh")
                .json(body("refreshToken", first)));
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.data().path("refreshToken").asText();
        tokens.add(second);
        others.add(send(requestIds, http.call("POST", "/api/auth/refresh").json(body("refreshToken", first))));
        assertThat(others.get(0).status()).isEqualTo(401); // reuse: the family is revoked
        others.add(send(requestIds, http.call("POST", "/api/auth/refresh").json(body("refreshToken", second))));
        others.add(send(requestIds, http.call("POST", "/api/auth/refresh")
                .json(body("refreshToken", second + "x"))));
        others.add(send(requestIds, http.call("POST", "/api/auth/refresh")
                .raw("{\"refreshToken\":\"" + second + "\",")));
        others.add(send(requestIds, http.call("POST", "/api/auth/refresh?refreshToken=" + second)
                .json(body("refreshToken", 1))));
        String third = server.api().login(ada.email(), ada.password()).data().path("refreshToken").asText();
        tokens.add(third);
        others.add(send(requestIds, http.call("POST", "/api/auth/logout").bearer(ada.token())
                .json(body("refreshToken", third))));
        assertThat(others.get(others.size() - 1).status()).isEqualTo(204);
        others.add(send(requestIds, http.call("POST", "/api/auth/logout").json(body("refreshToken", third))));
        others.add(send(requestIds, http.call("GET", "/api/nowhere?refreshToken=" + third)));
        others.add(send(requestIds, http.call("GET", "/api/auth/me").bearer(third)));
        others.add(send(requestIds, http.call("PUT", "/api/users/" + ada.id()).bearer(ada.token())
                .json(Map.of("password", "N3w-Passw0rd!"))));

        List<String> secrets = tokens.stream().map(t -> t.substring(t.indexOf('.') + 1)).toList();
        for (Http.Response response : others) {
            assertThat(response.body()).as("a response").doesNotContain(secrets);
        }
        ServerLog.awaitLinesContaining(requestIds.get(requestIds.size() - 1));
        List<String> lines = ServerLog.lines();
        assertThat(String.join("\n", lines)).as("every request of this test was logged").contains(requestIds);
        for (String line : lines) {
            assertThat(line).as("a log line").doesNotContain(secrets);
        }
    }

    private static Http.Response send(List<String> requestIds, Http.Call call) {
        String id = "rt-leak-" + UUID.randomUUID();
        requestIds.add(id);
        return call.requestId(id).send();
    }
}
