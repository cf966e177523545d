package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted user's open WebSockets, in both dialects, are closed with 1008 (their tokens stop working at once,
 * and so do their connections); other users' connections stay.
 */
class WsUserDeletionTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void deletingAUserClosesItsTopicAndSessionConnectionsWith1008() throws Exception {
        Account gone = server.api().newAccount("ws-deleted");
        Account stays = server.api().newAccount("ws-stays");
        try (WsClient topic = WsClient.connect(server.wsUri("/ws?token=" + gone.token()));
             WsClient session = WsClient.connect(server.wsUri("/ws?sessionId=" + UUID.randomUUID()
                     + "&token=" + gone.token()));
             WsClient other = WsClient.connect(server.wsUri("/ws?token=" + stays.token()))) {
            subscribe(topic, "public.deletion");
            subscribe(other, "public.deletion");
            session.awaitType("CONNECTED");

            assertThat(server.api().deleteUser(gone.token(), gone.id()).status()).isEqualTo(204);

            assertThat(topic.awaitClose()).isEqualTo(1008);
            assertThat(session.awaitClose()).isEqualTo(1008);
            assertAlive(other);
            Await.until("only the other user's connection is left", () -> server.app().openWebSockets() == 1);
        }
    }
}
