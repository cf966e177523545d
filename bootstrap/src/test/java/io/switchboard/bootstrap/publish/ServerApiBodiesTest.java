package io.switchboard.bootstrap.publish;

import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.RawHttp;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server API goes through the same body handling as every other route (docs/api.md): its credentials are
 * checked before the body is read, so a refused request is answered at once without waiting for a body that never
 * comes, and an accepted one whose body stalls gets 408 BODY_TIMEOUT. Raw sockets, because an HTTP client library
 * always sends the body it announces.
 */
class ServerApiBodiesTest {
    /** Well below the 10 s a stalled body is given: a refusal must not wait for it. */
    private static final Duration AT_ONCE = Duration.ofSeconds(4);

    private TestServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("API_KEYS", "notifier:" + ServerPublishTest.KEY, "HTTP_RATE_LIMIT", "0"));
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
    void refusedServerApiRequests_areAnsweredAtOnce_withoutWaitingForTheirBody() throws Exception {
        Socket unknownKey = stall("POST /api/publish", "ApiKey not-a-key-0123456789-abcdefghijklmnopqrstuvwxyz");
        Socket noCredential = stall("POST /api/broadcast", null);
        Socket userToken = stall("POST /api/publish",
                "Bearer " + server.api().newAccount("bodies-user").token());

        long deadline = System.nanoTime() + AT_ONCE.toNanos();
        String unknown = RawHttp.readToEnd(unknownKey, deadline);
        assertThat(unknown).startsWith("HTTP/1.1 401").contains("API_KEY_INVALID");
        assertThat(unknown.toLowerCase()).contains("connection: close");
        assertThat(RawHttp.readToEnd(noCredential, deadline)).startsWith("HTTP/1.1 401").contains("TOKEN_MISSING");
        assertThat(RawHttp.readToEnd(userToken, deadline)).startsWith("HTTP/1.1 403").contains("NOT_ALLOWED");
    }

    @Test
    void aValidKeyWhoseBodyStalls_gets408BodyTimeout() throws Exception {
        Socket socket = stall("POST /api/publish", "ApiKey " + ServerPublishTest.KEY);

        String response = RawHttp.readToEnd(socket, System.nanoTime() + Duration.ofSeconds(30).toNanos());
        assertThat(response).startsWith("HTTP/1.1 408").contains("BODY_TIMEOUT");
        assertThat(response.toLowerCase()).contains("connection: close");
    }

    /** Sends the head of a request that announces 1000 bytes of body, then one byte of it, then nothing. */
    private Socket stall(String requestLine, String authorization) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 1000\r\n\r\n{";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }
}
