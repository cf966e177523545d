package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortest path through both dialects: a REST change reaches a WebSocket watcher. */
class WebSocketSmokeTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aChannelMessagePostedOverRestReachesATopicSubscriber() throws Exception {
        Account ada = server.api().newAccount("smoke");
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            ws.send(Map.of("type", "subscribe", "topic", "messages.channel.general", "id", "s1"));
            JsonNode subscribed = ws.awaitType("subscribed");
            assertThat(subscribed.path("id").asText()).isEqualTo("s1");
            ws.nextOwnJoin("messages.channel.general", ada.id()); // a presence topic: the own join follows

            String messageId = server.api().sendToChannel(ada, "general", "hello over REST");

            JsonNode delivery = ws.awaitType("message");
            assertThat(delivery.path("topic").asText()).isEqualTo("messages.channel.general");
            assertThat(delivery.path("eventType").asText()).isEqualTo("message.sent");
            assertThat(delivery.path("data").path("id").asText()).isEqualTo(messageId);
        }
    }

    @Test
    void aSessionWatcherGetsConnectedThenTheCreate() throws Exception {
        Account ada = server.api().newAccount("smoke-session");
        String sessionId = java.util.UUID.randomUUID().toString();
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?sessionId=" + sessionId + "&token=" + ada.token()))) {
            assertThat(ws.next().path("type").asText()).isEqualTo("CONNECTED");

            var created = server.http().call("POST", "/api/sessions").bearer(ada.token()).json(Map.of("sessionId", sessionId,
                    "syncMode", "per_participant", "totalTimeMs", 60000,
                    "participants", java.util.List.of(Map.of("participantId", "white"), Map.of("participantId", "black")))).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);

            JsonNode update = ws.awaitType("STATE_UPDATE");
            assertThat(update.path("event").asText()).isEqualTo("CREATED");
            assertThat(update.path("state").path("version").asLong()).isEqualTo(1);
        }
    }
}
