package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PBKDF2 is bounded: one hash at a time here (PASSWORD_HASH_CONCURRENCY=1) at a deliberately slow cost, so a
 * burst of logins or registrations is partly refused with 429 code 7 instead of piling up threads, while the rest
 * of the server keeps answering.
 */
class PasswordHashingBoundTest {
    private static final int BURST = 30;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("PASSWORD_HASH_ITERATIONS", "1000000", "PASSWORD_HASH_CONCURRENCY", "1",
                "HTTP_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBurstOfLogins_isPartlyRefused429Code7_whileHealthStillAnswers() throws Exception {
        Account account = server.api().newAccount("hashbound");
        double refusedBefore = refusedCount();

        List<Http.Response> answers = burst(i -> Map.of("email", account.email(),
                "password", ApiClient.GOOD_PASSWORD), "/api/auth/login", true);

        assertBurstPartlyRefused(answers, 200);
        assertThat(refusedCount() - refusedBefore).as("every refusal is counted")
                .isEqualTo(answers.stream().filter(r -> r.status() == 429).count());
    }

    @Test
    void aBurstOfRegistrations_isPartlyRefused429Code7() throws Exception {
        List<Http.Response> answers = burst(i -> Map.of("email", ApiClient.uniqueEmail("hashburst" + i),
                "name", "Burst " + i, "password", ApiClient.GOOD_PASSWORD), "/api/auth/register", false);

        assertBurstPartlyRefused(answers, 201);
    }

    private static List<Http.Response> burst(IntFunction<Map<String, String>> body, String path, boolean probeHealth)
            throws Exception {
        List<CompletableFuture<Http.Response>> calls = IntStream.range(0, BURST)
                .mapToObj(i -> server.http().call("POST", path).json(body.apply(i)).sendAsync()).toList();
        if (probeHealth) {
            // While the burst is hashing: a fresh connection still gets its answer.
            RawHttp.Response live = CompletableFuture.supplyAsync(() -> RawHttp.get(server.port(), "/health/live"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(live.status()).isEqualTo(200);
        }
        return calls.stream().map(call -> Http.Response.join(call.orTimeout(60, TimeUnit.SECONDS))).toList();
    }

    private static void assertBurstPartlyRefused(List<Http.Response> answers, int success) {
        assertThat(answers).extracting(Http.Response::status).as("each answer is a success or a refusal")
                .allMatch(status -> status == success || status == 429);
        assertThat(answers).as("some succeed").anyMatch(r -> r.status() == success);
        List<Http.Response> refused = answers.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).as("some of %d at once are refused", BURST).isNotEmpty();
        for (Http.Response r : refused) {
            assertThat(r.error().path("code").asInt()).isEqualTo(7);
            assertThat(r.error().path("reason").asText()).isEqualTo("PASSWORD_HASHING_BUSY");
            assertThat(r.header("Retry-After")).isEqualTo("1");
        }
    }

    private static double refusedCount() {
        String series = "switchboard_http_refused_total{reason=\"password_hashing_busy\"} ";
        return server.http().get("/metrics").body().lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()))).findFirst().orElse(0);
    }
}
