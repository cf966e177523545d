package io.switchboard.bootstrap.http;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.RawHttp;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that announce a body and then stall must not hold the server's threads (200 in Jetty's pool): more
 * stalled connections than threads still leave the server answering, and each stalled one ends within the body
 * read bound. Raw sockets, because an HTTP client library always sends the body it announces.
 */
class SlowClientsTest {
    /** More than the 200 threads of the server's pool. */
    private static final int STALLED = 250;
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(10);

    private TestServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "0"));
    }

    @AfterEach
    void stop() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed by the server
            }
        }
        server.close();
    }

    @Test
    void stalledBodies_doNotStarveTheServer_andAreAnswered408WithinTheBound() throws Exception {
        Account account = server.api().newAccount("slowclients");
        for (int i = 0; i < STALLED; i++) {
            sockets.add(stall("POST /api/auth/login"));
        }

        for (int probe = 0; probe < 5; probe++) { // each on a fresh connection
            assertThat(within(ANSWER_DEADLINE, () -> RawHttp.get(server.port(), "/health/live")).status())
                    .as("/health/live while %d bodies stall", STALLED).isEqualTo(200);
        }
        assertThat(within(ANSWER_DEADLINE, () -> server.api().login(account.email(), ApiClient.GOOD_PASSWORD))
                .status()).as("a normal login while %d bodies stall", STALLED).isEqualTo(200);

        // The body read bound is 10 s without progress: every stalled connection is answered and closed by then.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (Socket socket : sockets) {
            String response = RawHttp.readToEnd(socket, deadline);
            assertThat(response).as("the answer to a stalled body").startsWith("HTTP/1.1 408");
            assertThat(response).contains("\"code\":1").contains("BODY_TIMEOUT");
            assertThat(response.toLowerCase()).contains("connection: close");
        }
        assertThat(server.http().get("/metrics").body())
                .contains("switchboard_http_refused_total{reason=\"body_timeout\"} " + STALLED + ".0");
    }

    @Test
    void refusedRequests_areAnsweredAtOnce_withoutWaitingForTheirBody() throws Exception {
        // No token: refused with 401 before the body matters. The body is never sent in full.
        for (int i = 0; i < STALLED; i++) {
            sockets.add(stall("POST /api/messages"));
        }

        long deadline = System.nanoTime() + ANSWER_DEADLINE.toNanos();
        for (Socket socket : sockets) {
            String response = RawHttp.readToEnd(socket, deadline);
            assertThat(response).as("the answer to a refused request with a stalled body")
                    .startsWith("HTTP/1.1 401");
            assertThat(response.toLowerCase()).contains("connection: close");
        }
        assertThat(within(ANSWER_DEADLINE, () -> server.http().get("/health/live")).status()).isEqualTo(200);
    }

    @Test
    void bodiesBeyondTheMemoryBudget_areRefused429Code7_andTheBudgetComesBack() throws Exception {
        Account account = server.api().newAccount("bodybudget");
        // 80 bodies of nearly 1 MiB each, all stalled before their last bytes: more than the 64 MiB that bodies
        // being read may hold together.
        byte[] head = ("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1048576\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] part = new byte[1_000_000];
        java.util.Arrays.fill(part, (byte) ' ');
        for (int i = 0; i < 80; i++) {
            Socket socket = new Socket("127.0.0.1", server.port());
            sockets.add(socket);
            try {
                socket.getOutputStream().write(head);
                socket.getOutputStream().write(part);
                socket.getOutputStream().flush();
            } catch (IOException refusedAndClosed) {
                // the server answered 429 and closed while this body was still being sent
            }
        }

        Await.until("bodies over the budget are refused and counted", Duration.ofSeconds(30),
                () -> metric("switchboard_http_refused_total{reason=\"body_memory\"}") > 0);
        assertThat(within(ANSWER_DEADLINE, () -> RawHttp.get(server.port(), "/health/live")).status())
                .isEqualTo(200);

        // Once the stalled bodies are answered 408, the memory they held is free again for a normal body.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (Socket socket : sockets) {
            RawHttp.readToEnd(socket, deadline);
        }
        assertThat(server.api().login(account.email(), ApiClient.GOOD_PASSWORD).status()).isEqualTo(200);
    }

    private double metric(String series) {
        return server.http().get("/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
    }

    /** Sends the head of a request that announces 1000 bytes of body, then one byte of it, then nothing. */
    private Socket stall(String requestLine) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static <T> T within(Duration deadline, Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
