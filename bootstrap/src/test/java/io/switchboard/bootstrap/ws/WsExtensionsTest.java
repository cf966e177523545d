package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.RawWebSocket;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that offers permessage-deflate (every browser does) gets an uncompressed connection: no extension is
 * negotiated, so no connection carries a deflater and an inflater.
 */
class WsExtensionsTest {
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        ada = server.api().newAccount("ws-extensions");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void permessageDeflateOfferedIsNotNegotiated() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(RawWebSocket.upgradeRequest("/ws?token=" + ada.token(),
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = readHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
