package io.switchboard.bootstrap.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API as a test uses it: one method per route, plus set-up helpers that register and log in fresh
 * accounts with unique e-mails (so tests sharing a server never collide).
 */
public final class ApiClient {
    /** Meets every password rule: lower, upper, digit, symbol, 8..128 characters. */
    public static final String GOOD_PASSWORD = "Corr3ct-Horse!";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Http http;

    ApiClient(Http http) {
        this.http = http;
    }

    public Http http() {
        return http;
    }

    /** An e-mail no other test uses: {@code <prefix>-<n>-<random>@switchboard.test}. */
    public static String uniqueEmail(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@switchboard.test";
    }

    public Http.Response register(String email, String name, String password) {
        return http.call("POST", "/api/auth/register").json(body("email", email, "name", name, "password", password))
                .send();
    }

    public Http.Response login(String email, String password) {
        return http.call("POST", "/api/auth/login").json(body("email", email, "password", password)).send();
    }

    /** Registers and logs in an account with a unique e-mail; fails the test if either step fails. */
    public Account newAccount(String prefix) {
        return newAccount(uniqueEmail(prefix), prefix + " tester", GOOD_PASSWORD);
    }

    /** Registers and logs in the given account; fails the test if either step fails. */
    public Account newAccount(String email, String name, String password) {
        Http.Response registered = register(email, name, password);
        assertThat(registered.status()).as("register %s: %s", email, registered).isEqualTo(201);
        Http.Response loggedIn = login(email, password);
        assertThat(loggedIn.status()).as("login %s: %s", email, loggedIn).isEqualTo(200);
        return new Account(registered.data().path("id").asText(), registered.data().path("email").asText(), name,
                password, loggedIn.data().path("token").asText());
    }

    /** POST /api/auth/refresh with {@code {refreshToken}} (no bearer token). */
    public Http.Response refresh(String refreshToken) {
        return http.call("POST", "/api/auth/refresh").json(body("refreshToken", refreshToken)).send();
    }

    /** POST /api/auth/logout with the caller's access token and the given body ({refreshToken?, all?}). */
    public Http.Response logout(String accessToken, Map<String, ?> body) {
        return http.call("POST", "/api/auth/logout").bearer(accessToken).json(body).send();
    }

    public Http.Response me(String token) {
        return http.call("GET", "/api/auth/me").bearer(token).send();
    }

    public Http.Response getUser(String token, String id) {
        return http.call("GET", "/api/users/" + id).bearer(token).send();
    }

    public Http.Response updateUser(String token, String id, Map<String, ?> changes) {
        return http.call("PUT", "/api/users/" + id).bearer(token).json(changes).send();
    }

    public Http.Response deleteUser(String token, String id) {
        return http.call("DELETE", "/api/users/" + id).bearer(token).send();
    }

    public Http.Response postMessage(String token, Map<String, ?> message) {
        return http.call("POST", "/api/messages").bearer(token).json(message).send();
    }

    /** Posts a channel message and returns its id; fails the test if it is not created. */
    public String sendToChannel(Account sender, String channelId, String content) {
        return created(postMessage(sender.token(), body("content", content, "channelId", channelId)));
    }

    /** Posts a direct message and returns its id; fails the test if it is not created. */
    public String sendDirect(Account sender, Account recipient, String content) {
        return created(postMessage(sender.token(), body("content", content, "recipientId", recipient.id())));
    }

    /** GET /api/messages with the query string as given, e.g. {@code "page=2&limit=5"} (or "" for none). */
    public Http.Response listMessages(String token, String query) {
        return http.call("GET", "/api/messages" + (query.isEmpty() ? "" : "?" + query)).bearer(token).send();
    }

    public Http.Response getMessage(String token, String id) {
        return http.call("GET", "/api/messages/" + id).bearer(token).send();
    }

    public Http.Response editMessage(String token, String id, Map<String, ?> body) {
        return http.call("PATCH", "/api/messages/" + id).bearer(token).json(body).send();
    }

    public Http.Response deleteMessage(String token, String id) {
        return http.call("DELETE", "/api/messages/" + id).bearer(token).send();
    }

    /** A JSON object from alternating names and values, keeping order; null values are left out. */
    public static Map<String, Object> body(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }

    private static String created(Http.Response response) {
        assertThat(response.status()).as("post message: %s", response).isEqualTo(201);
        return response.data().path("id").asText();
    }
}
