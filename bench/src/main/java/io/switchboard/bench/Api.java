package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The REST calls the scenarios need, with the JDK HttpClient (HTTP/1.1, keep-alive). */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "Bench-Password-1";

    private final URI base;
    private final HttpClient http;

    Api(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (!"127.0.0.1".equals(base.getHost()) && !"localhost".equals(base.getHost())) {
            throw new IllegalArgumentException("the load generator only targets loopback, not " + base.getHost());
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI base() {
        return base;
    }

    /** ws://host:port/ws?token=...(&sessionId=...) */
    URI wsUri(String token, String sessionId) {
        String q = (token == null ? "" : "token=" + token) + (sessionId == null ? "" : "&sessionId=" + sessionId);
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws" + (q.isEmpty() ? "" : "?" + q));
    }

    /** A fresh user (unique e-mail); returns {userId, token}. */
    String[] newUser(String label) throws IOException, InterruptedException {
        String email = label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.example.com";
        JsonNode reg = call("POST", "/api/auth/register", null,
                Map.of("email", email, "name", "Bench " + label, "password", PASSWORD), 201);
        JsonNode login = call("POST", "/api/auth/login", null, Map.of("email", email, "password", PASSWORD), 200);
        return new String[]{reg.path("data").path("id").asText(), login.path("data").path("token").asText()};
    }

    JsonNode call(String method, String path, String token, Object body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + path + " gave " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    CompletableFuture<HttpResponse<String>> callAsync(String method, String path, String token, Object body) {
        return http.sendAsync(request(method, path, token, body), HttpResponse.BodyHandlers.ofString());
    }

    /** The body pre-serialised, for the fixed-rate senders. */
    CompletableFuture<HttpResponse<Void>> postAsync(String path, String token, String json) {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.discarding());
    }

    /** GET /metrics as text, or null when the server has no such route. */
    String metrics() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    boolean isUp() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/api/time")).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpRequest request(String method, String path, String token, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return b.build();
    }
}
