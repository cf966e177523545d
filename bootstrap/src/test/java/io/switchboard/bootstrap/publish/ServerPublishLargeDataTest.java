package io.switchboard.bootstrap.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.switchboard.bootstrap.support.ApiAssertions.assertSuccess;
import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server API accepts data up to WS_MAX_MESSAGE_SIZE, which may be larger than a subscriber's outbound queue
 * (WS_MAX_QUEUED_BYTES): such a publication is delivered, not taken for a slow consumer (docs/decisions.md,
 * "Hardening: one frame larger than the queue bound").
 */
class ServerPublishLargeDataTest {
    private static TestServer server;
    private static Account user;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("API_KEYS", "notifier:" + ServerPublishTest.KEY,
                "WS_MAX_QUEUED_BYTES", "65536"));
        user = server.api().newAccount("large-data-user");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dataLargerThanTheQueueBoundReachesAnIdleSubscriber_whichStaysConnected() throws Exception {
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + user.token()))) {
            ws.send(Map.of("type", "subscribe", "topic", "public.big"));
            ws.awaitType("subscribed");
            ws.nextOwnJoin("public.big", user.id());
            String big = "x".repeat(200_000);

            assertSuccess(ServerPublishTest.withKey(server.http().call("POST", "/api/publish"), ServerPublishTest.KEY)
                    .json(body("topic", "public.big", "data", big)).send(), 200);
            JsonNode frame = ws.awaitType("message");
            assertThat(frame.path("data").asText()).hasSize(200_000);

            assertSuccess(ServerPublishTest.withKey(server.http().call("POST", "/api/publish"), ServerPublishTest.KEY)
                    .json(body("topic", "public.big", "data", "small")).send(), 200);
            assertThat(ws.awaitType("message").path("data").asText()).isEqualTo("small");
        }
    }
}
