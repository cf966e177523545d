package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
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
 * "A password or its hash never leaves the server, in any response, event or log line" and logs carry no tokens
 * (docs/api.md, docs/operations.md). Surefire sends the server's log to a file (bootstrap/pom.xml); this test drives
 * every account route with distinctive secrets, on success and failure paths, then reads that file line by line.
 */
class SecretsDoNotLeakTest {
    private static TestServer server;
    private static ApiClient api;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        api = server.api();
        http = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noResponseAndNoLogLineContainsAPasswordAHashOrAToken() {
        ServerLog.path();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String firstPassword = "Leak-First-" + run + "-1aA!";
        String secondPassword = "Leak-Second-" + run + "-2bB?";
        String wrongPassword = "Leak-Wrong-" + run + "-3cC#";
        String invalidPassword = "leakinvalid" + run.replaceAll("[0-9]", "x") + "nodigitsorupper";
        String malformedPassword = "Leak-Malformed-" + run + "-4dD$";
        String forbiddenPassword = "Leak-Forbidden-" + run + "-5eE%";
        String email = ApiClient.uniqueEmail("leak");
        List<String> requestIds = new ArrayList<>();
        List<Http.Response> responses = new ArrayList<>();
        List<Http.Response> loginResponses = new ArrayList<>();

        responses.add(send(requestIds, http.call("POST", "/api/auth/register")
                .json(body("email", email, "name", "Leak Checker", "password", firstPassword))));
        assertThat(responses.get(0).status()).isEqualTo(201);
        String userId = responses.get(0).data().path("id").asText();
        Http.Response firstLogin = send(requestIds, http.call("POST", "/api/auth/login")
                .json(body("email", email, "password", firstPassword)));
        loginResponses.add(firstLogin);
        String firstToken = firstLogin.data().path("token").asText();
        assertThat(firstToken).isNotBlank();

        responses.add(send(requestIds, http.call("GET", "/api/auth/me").bearer(firstToken)));
        responses.add(send(requestIds, http.call("GET", "/api/users/" + userId).bearer(firstToken)));
        responses.add(send(requestIds, http.call("PUT", "/api/users/" + userId).bearer(firstToken)
                .json(Map.of("password", secondPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(200);
        responses.add(send(requestIds, http.call("POST", "/api/auth/login")
                .json(body("email", email, "password", wrongPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(401);
        responses.add(send(requestIds, http.call("POST", "/api/auth/login")
                .json(body("email", email, "password", firstPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(401);
        Http.Response secondLogin = send(requestIds, http.call("POST", "/api/auth/login")
                .json(body("email", email, "password", secondPassword)));
        loginResponses.add(secondLogin);
        String secondToken = secondLogin.data().path("token").asText();
        assertThat(secondToken).isNotBlank();

        responses.add(send(requestIds, http.call("POST", "/api/auth/register")
                .json(body("email", ApiClient.uniqueEmail("leak2"), "name", "Invalid", "password", invalidPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(400);
        responses.add(send(requestIds, http.call("PUT", "/api/users/" + userId).bearer(secondToken)
                .json(Map.of("password", invalidPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(400);
        responses.add(send(requestIds, http.call("POST", "/api/auth/register")
                .raw("{\"email\":\"" + email + "\",\"password\":\"" + malformedPassword + "\",")));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(400);
        responses.add(send(requestIds, http.call("POST", "/api/auth/register")
                .json(body("email", email, "name", "Duplicate", "password", secondPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(409);

        Account other = api.newAccount("leakother");
        responses.add(send(requestIds, http.call("PUT", "/api/users/" + userId).bearer(other.token())
                .json(Map.of("password", forbiddenPassword))));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(403);
        // Tokens in places a careless log line would print: a query string and an unknown route.
        responses.add(send(requestIds, http.call("GET", "/api/nowhere?token=" + secondToken)));
        responses.add(send(requestIds, http.call("GET", "/api/messages?token=" + secondToken).bearer(secondToken)));
        responses.add(send(requestIds, http.call("GET", "/api/auth/me").bearer(secondToken + "x")));
        responses.add(send(requestIds, http.call("DELETE", "/api/users/" + userId).bearer(secondToken)));
        assertThat(responses.get(responses.size() - 1).status()).isEqualTo(204);

        List<String> passwords = List.of(firstPassword, secondPassword, wrongPassword, invalidPassword,
                malformedPassword, forbiddenPassword);
        List<String> tokenParts = tokenParts(firstToken, secondToken);

        for (Http.Response response : responses) {
            assertThat(response.body()).as("a response").doesNotContain(passwords).doesNotContain("pbkdf2")
                    .doesNotContain(tokenParts);
        }
        for (Http.Response login : loginResponses) {
            assertThat(login.body()).as("a login response").doesNotContain(passwords).doesNotContain("pbkdf2");
        }

        ServerLog.awaitLinesContaining(requestIds.get(requestIds.size() - 1));
        List<String> lines = ServerLog.lines();
        assertThat(String.join("\n", lines)).as("every request of this test was logged").contains(requestIds);
        for (String line : lines) {
            assertThat(line).as("a log line").doesNotContain(passwords).doesNotContain("pbkdf2-sha256$")
                    .doesNotContain(tokenParts).doesNotContain(TestServer.JWT_SECRET);
        }
    }

    private static Http.Response send(List<String> requestIds, Http.Call call) {
        String id = "leak-" + UUID.randomUUID();
        requestIds.add(id);
        return call.requestId(id).send();
    }

    /** A token's signature and payload: a log line that printed either half would leak it. */
    private static List<String> tokenParts(String... tokens) {
        List<String> parts = new ArrayList<>();
        for (String token : tokens) {
            String[] split = token.split("\\.");
            assertThat(split).hasSize(3);
            parts.add(split[1]);
            parts.add(split[2]);
        }
        return parts;
    }
}
