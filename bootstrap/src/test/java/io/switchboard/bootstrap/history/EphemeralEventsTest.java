package io.switchboard.bootstrap.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence and typing on a topic that keeps history (`public.**` is both a presence and a history topic by
 * default): their announcements are live only, carry no offset and take none, so the publications' offsets stay
 * 1, 2, 3 and a recovery replays publications only (docs/history-and-recovery.md).
 */
class EphemeralEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer server;
    private static Account ada;
    private static Account bob;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("API_KEYS", "app:" + HistoryRecoveryTest.KEY));
        ada = server.api().newAccount("ephemeral-ada");
        bob = server.api().newAccount("ephemeral-bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode event(WsClient ws, String eventType) throws InterruptedException {
        return ws.await(f -> "message".equals(f.path("type").asText())
                && eventType.equals(f.path("eventType").asText()), WAIT);
    }

    @Test
    void presenceAndTypingTakeNoOffsetAndAreNeverReplayed() throws Exception {
        try (WsClient adaWs = WsClient.subscribed(server, ada, "public.lobby")) {
            JsonNode first = HistoryRecoveryTest.publish(server, "public.lobby", Map.of("n", 1));
            assertThat(first.path("offset").asLong()).isEqualTo(1);
            String epoch = first.path("epoch").asText();

            try (WsClient bobWs = WsClient.subscribed(server, bob, "public.lobby")) {
                JsonNode join = event(adaWs, "presence.join");
                assertThat(join.has("offset")).isFalse();
                assertThat(join.has("epoch")).isFalse();
                bobWs.send(Map.of("type", "typing", "topic", "public.lobby", "typing", true));
                JsonNode typing = event(adaWs, "typing");
                assertThat(typing.has("offset")).isFalse();

                JsonNode second = HistoryRecoveryTest.publish(server, "public.lobby", Map.of("n", 2));
                assertThat(second.path("offset").asLong()).isEqualTo(2);
            }
            assertThat(event(adaWs, "presence.leave").has("offset")).isFalse();

            try (WsClient recovering = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
                recovering.send(Map.of("type", "subscribe", "topic", "public.lobby",
                        "since", Map.of("offset", 0, "epoch", epoch)));
                JsonNode subscribed = recovering.awaitType("subscribed");
                assertThat(subscribed.path("recovered").asBoolean()).isTrue();
                assertThat(subscribed.path("offset").asLong()).isEqualTo(2);
                JsonNode replayed1 = recovering.awaitType("message");
                JsonNode replayed2 = recovering.awaitType("message");
                assertThat(replayed1.path("offset").asLong()).isEqualTo(1);
                assertThat(replayed2.path("offset").asLong()).isEqualTo(2);
                assertThat(replayed2.path("eventType").asText()).isEqualTo("server.message");
            }
        }
    }
}
