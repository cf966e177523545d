package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The account routes a client needs: register, login and refresh (POST /api/auth/...), plus a generic JSON call
 * for the rest of the REST API. Answers are unwrapped from the envelope; a refusal is a {@link SwitchboardException}
 * with the HTTP status, code and reason.
 */
public final class Auth {
    /** What login and refresh answer. {@link #toString()} shows no token. */
    public record Login(JsonNode user, AccessToken token, String refreshToken, Instant refreshExpiresAt) {
        public String userId() {
            return user.path("id").asText();
        }

        @Override
        public String toString() {
            return "Login[user=" + userId() + ", expiresAt=" + token.expiresAt() + "]";
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public Auth(URI base, HttpClient http, Duration timeout) {
        this.base = stripSlash(base);
        this.http = http;
        this.timeout = timeout;
    }

    public Auth(URI base) {
        this(base, HttpClient.newHttpClient(), Duration.ofSeconds(10));
    }

    public CompletableFuture<JsonNode> registerAsync(String email, String name, String password) {
        ObjectNode body = Json.object().put("email", email).put("name", name).put("password", password);
        return callAsync("POST", "/api/auth/register", null, body);
    }

    public CompletableFuture<Login> loginAsync(String email, String password) {
        ObjectNode body = Json.object().put("email", email).put("password", password);
        return callAsync("POST", "/api/auth/login", null, body).thenApply(Auth::login);
    }

    public CompletableFuture<Login> refreshAsync(String refreshToken) {
        return callAsync("POST", "/api/auth/refresh", null, Json.object().put("refreshToken", refreshToken))
                .thenApply(Auth::login);
    }

    public JsonNode register(String email, String name, String password) {
        return join(registerAsync(email, name, password));
    }

    public Login login(String email, String password) {
        return join(loginAsync(email, password));
    }

    public Login refresh(String refreshToken) {
        return join(refreshAsync(refreshToken));
    }

    /**
     * A token source that starts from {@code login} and refreshes (rotating the refresh token) when asked to, or
     * when the current token has less than a fifth of its life (at most 60 s) left. Concurrent callers share one
     * refresh.
     */
    public TokenSource tokenSource(Login login) {
        return new Refreshing(login, Clock.systemUTC());
    }

    /**
     * Any REST route: {@code method path} with an optional bearer token and JSON body; answers the envelope's
     * {@code data} (null for 204).
     */
    public CompletableFuture<JsonNode> callAsync(String method, String path, String bearer, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Auth::unwrap);
    }

    public JsonNode call(String method, String path, String bearer, JsonNode body) {
        return join(callAsync(method, path, bearer, body));
    }

    static JsonNode unwrap(HttpResponse<String> response) {
        if (response.statusCode() == 204) {
            return null;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new SwitchboardException(0, "INVALID_RESPONSE", "not JSON (HTTP " + response.statusCode() + ")",
                    response.statusCode());
        }
        if (response.statusCode() >= 400 || !json.path("success").asBoolean(false)) {
            JsonNode error = json.path("error");
            throw new SwitchboardException(error.path("code").asInt(0), error.path("reason").asText("HTTP_"
                    + response.statusCode()), error.path("message").asText(""), response.statusCode());
        }
        return json.get("data");
    }

    private static Login login(JsonNode data) {
        AccessToken token = new AccessToken(data.path("token").asText(),
                Instant.parse(data.path("expiresAt").asText()));
        return new Login(data.path("user"), token, Json.text(data, "refreshToken"), Json.instant(data, "refreshExpiresAt"));
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static URI stripSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }

    private final class Refreshing implements TokenSource {
        private final Clock clock;
        private Login current;
        private Instant obtainedAt;
        private CompletableFuture<AccessToken> inFlight;

        Refreshing(Login login, Clock clock) {
            this.current = login;
            this.clock = clock;
            this.obtainedAt = clock.instant();
        }

        @Override
        public synchronized CompletableFuture<AccessToken> token(boolean forceRefresh) {
            if (inFlight != null) {
                return inFlight;
            }
            AccessToken token = current.token();
            if (!forceRefresh && !dueForRefresh(token)) {
                return CompletableFuture.completedFuture(token);
            }
            CompletableFuture<AccessToken> refresh = refreshAsync(current.refreshToken()).thenApply(login -> {
                synchronized (this) {
                    current = login;
                    obtainedAt = clock.instant();
                    inFlight = null;
                }
                return login.token();
            });
            refresh.exceptionally(e -> {
                synchronized (this) {
                    inFlight = null;
                }
                return null;
            });
            inFlight = refresh.isDone() ? null : refresh;
            return refresh;
        }

        private boolean dueForRefresh(AccessToken token) {
            Instant now = clock.instant();
            if (token.expiresAt().equals(Instant.MAX)) {
                return false;
            }
            return !now.plus(refreshMargin(obtainedAt, token.expiresAt())).isBefore(token.expiresAt());
        }
    }

    /**
     * How long before its expiry a token is renewed: a fifth of its life (from {@code obtainedAt}), at most 60 s and
     * at least 1 s.
     */
    static Duration refreshMargin(Instant obtainedAt, Instant expiresAt) {
        long lifeMs = Duration.between(obtainedAt, expiresAt).toMillis();
        return Duration.ofMillis(Math.max(1000, Math.min(60_000, lifeMs / 5)));
    }
}
