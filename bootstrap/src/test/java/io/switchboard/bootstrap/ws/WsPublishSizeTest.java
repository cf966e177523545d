package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static io.switchboard.bootstrap.ws.TopicFrames.publish;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribeAlreadyPresent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broadcast is bounded below WS_MAX_QUEUED_BYTES (docs/decisions.md, "Hardening: WebSocket edge"): one whose
 * delivery frame would pass half of the outbound bound is refused with code 8 PAYLOAD_TOO_LARGE, so a single publish
 * can never make every subscriber a slow consumer.
 */
class WsPublishSizeTest {
    private static final int LIMIT = 65_536;
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_MAX_MESSAGE_SIZE", Integer.toString(LIMIT),
                "WS_MAX_QUEUED_BYTES", Integer.toString(LIMIT), "WS_RATE_LIMIT", "0"));
        ada = server.api().newAccount("ws-size");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNearLimitBroadcastIsRefusedWithCode8_andTheSubscribersStayConnected() throws Exception {
        try (WsClient publisher = WsClient.connect(server.wsUri("/ws?token=" + ada.token()));
             WsClient first = WsClient.connect(server.wsUri("/ws?token=" + ada.token()));
             WsClient second = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            subscribe(first, "public.size");
            subscribeAlreadyPresent(second, "public.size"); // ada is present through `first`

            // The frame is within WS_MAX_MESSAGE_SIZE; its delivery frame would be larger than WS_MAX_QUEUED_BYTES.
            String big = "x".repeat(LIMIT - 200);
            JsonNode refused = expectError(publisher,
                    body("type", "message", "topic", "public.size", "data", Map.of("blob", big), "id", "big"), 8);
            assertThat(refused.path("reason").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(refused.path("id").asText()).isEqualTo("big");
            // Half the bound is the line: just above it is refused too.
            expectError(publisher, body("type", "message", "topic", "public.size", "content", "c",
                    "data", "y".repeat(LIMIT / 2)), 8);

            publish(publisher, "public.size", "a normal one");
            for (WsClient subscriber : new WsClient[] {first, second}) {
                JsonNode delivered = subscriber.awaitType("message");
                assertThat(delivered.path("data").path("content").asText()).isEqualTo("a normal one");
                assertAlive(subscriber);
                assertThat(subscriber.isClosed()).isFalse();
            }
            assertAlive(publisher);
            Await.until("all three still open", Duration.ofSeconds(1), () -> server.app().openWebSockets() == 3);
        }
    }
}
