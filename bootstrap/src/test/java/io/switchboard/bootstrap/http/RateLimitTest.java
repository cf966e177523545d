package io.switchboard.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.bootstrap.support.ApiAssertions.assertError;
import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP_RATE_LIMIT per client IP per HTTP_RATE_WINDOW_MS. Each test gets its own server: the count is global. */
class RateLimitTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestsUnderTheLimit_carryRateLimitHeaders_countingDown() {
        Http http = start(3, 60_000);

        for (int remaining = 2; remaining >= 0; remaining--) {
            Http.Response response = http.get("/api/time");
            assertSuccess(response, 200);
            assertThat(response.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(response.header("RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
            assertThat(Long.parseLong(response.header("RateLimit-Reset"))).isBetween(1L, 60L);
        }
    }

    @Test
    void theRequestOverTheLimit_is429Code7_withRetryAfter() {
        Http http = start(3, 60_000);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/api/time").status()).isEqualTo(200);
        }

        Http.Response limited = http.get("/api/time");

        JsonNode error = assertError(limited, 429, 7, "RATE_LIMITED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(error.path("details").path("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(limited.header("RateLimit-Limit")).isEqualTo("3");
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void everyRouteCounts_includingErrorsAndUnknownRoutes() {
        Http http = start(2, 60_000);
        assertThat(http.get("/api/nowhere").status()).isEqualTo(404);
        assertThat(http.get("/api/auth/me").status()).isEqualTo(401);

        assertError(http.call("POST", "/api/auth/login").raw("{}").send(), 429, 7, "RATE_LIMITED");
    }

    @Test
    void aRefusedRequestDoesNothing() {
        Http http = start(2, 1_000);
        assertThat(http.get("/api/time").status()).isEqualTo(200);
        assertThat(http.get("/api/time").status()).isEqualTo(200);
        String email = ApiClient.uniqueEmail("limited");

        assertError(server.api().register(email, "Limited", ApiClient.GOOD_PASSWORD), 429, 7, "RATE_LIMITED");

        Http.Response login = Await.value("the rate window to reset", Duration.ofSeconds(5), () -> {
            Http.Response response = server.api().login(email, ApiClient.GOOD_PASSWORD);
            return response.status() == 429 ? Optional.empty() : Optional.of(response);
        });
        assertError(login, 401, 4, "INVALID_CREDENTIALS");
    }

    @Test
    void eachClientAddress_isCountedOnItsOwn() throws Exception {
        start(2, 60_000);
        // Linux routes all of 127.0.0.0/8 to the loopback: each source address below is another client IP.
        for (int host = 2; host <= 6; host++) {
            InetAddress client = InetAddress.getByName("127.0.0." + host);
            assertThat(timeFrom(client)).as("first request from %s", client).startsWith("HTTP/1.1 200");
            assertThat(timeFrom(client)).as("second request from %s", client).startsWith("HTTP/1.1 200");
            assertThat(timeFrom(client)).as("third request from %s", client).startsWith("HTTP/1.1 429")
                    .contains("\"code\":7");
        }
    }

    /** GET /api/time on a connection from {@code client}; the raw answer. */
    private String timeFrom(InetAddress client) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), client, 0)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/time HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void theWindowResets() {
        Http http = start(1, 1_000);
        assertThat(http.get("/api/time").status()).isEqualTo(200);
        assertThat(http.get("/api/time").status()).isEqualTo(429);

        Await.until("the 1 s window to pass", Duration.ofSeconds(5), () -> http.get("/api/time").status() == 200);
    }

    @Test
    void aLimitOfZero_meansNoLimit() {
        Http http = start(0, 60_000);

        for (int i = 0; i < 30; i++) {
            Http.Response response = http.get("/api/time");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("RateLimit-Limit")).isNull();
        }
    }

    @Test
    void healthAndMetricsAreExemptFromTheLimit() {
        Http http = start(1, 60_000);
        assertThat(http.get("/api/time").status()).isEqualTo(200);
        assertThat(http.get("/api/time").status()).isEqualTo(429);

        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        assertThat(http.get("/metrics").status()).isEqualTo(200);
    }

    private Http start(int limit, long windowMs) {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", Integer.toString(limit),
                "HTTP_RATE_WINDOW_MS", Long.toString(windowMs)));
        return server.http();
    }
}
