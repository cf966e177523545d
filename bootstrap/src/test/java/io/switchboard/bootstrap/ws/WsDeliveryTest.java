package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static io.switchboard.bootstrap.ws.TopicFrames.publish;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches a topic subscriber (docs/websocket.md): REST changes on every topic they are published
 * on, and nowhere else; `message` frames that are stored messages or ephemeral broadcasts.
 */
class WsDeliveryTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient connect(Account account) throws Exception {
        return WsClient.authenticated(server, account);
    }

    /** The next frame is a delivery of {@code eventType} on {@code topic}; returns its data. */
    private static JsonNode nextDelivery(WsClient ws, String topic, String eventType) throws InterruptedException {
        JsonNode frame = ws.next();
        assertThat(frame.path("type").asText()).as(frame.toString()).isEqualTo("message");
        assertThat(frame.path("topic").asText()).as(frame.toString()).isEqualTo(topic);
        assertThat(frame.path("eventType").asText()).as(frame.toString()).isEqualTo(eventType);
        Instant.parse(frame.path("timestamp").asText());
        return frame.path("data");
    }

    @Test
    void aChannelMessageReachesTheChannelAndTheSendersTopics() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-channel-ada");
        Account bob = server.api().newAccount("ws-dlv-channel-bob");
        try (WsClient sender = connect(ada); WsClient channel = connect(bob)) {
            subscribe(sender, "messages.user." + ada.id());
            subscribe(channel, "messages.channel.lobby");

            String id = server.api().sendToChannel(ada, "lobby", "hello lobby");

            JsonNode onChannel = nextDelivery(channel, "messages.channel.lobby", "message.sent");
            assertThat(onChannel.path("id").asText()).isEqualTo(id);
            assertThat(onChannel.path("senderId").asText()).isEqualTo(ada.id());
            assertThat(onChannel.path("content").asText()).isEqualTo("hello lobby");
            assertThat(onChannel.path("channelId").asText()).isEqualTo("lobby");
            assertThat(nextDelivery(sender, "messages.user." + ada.id(), "message.sent").path("id").asText())
                    .isEqualTo(id);

            assertThat(server.api().editMessage(ada.token(), id, body("content", "hello, edited")).status())
                    .isEqualTo(200);
            assertThat(nextDelivery(channel, "messages.channel.lobby", "message.updated").path("content").asText())
                    .isEqualTo("hello, edited");
            assertThat(nextDelivery(sender, "messages.user." + ada.id(), "message.updated").path("id").asText())
                    .isEqualTo(id);

            assertThat(server.api().deleteMessage(ada.token(), id).status()).isEqualTo(204);
            assertThat(nextDelivery(channel, "messages.channel.lobby", "message.deleted").path("id").asText())
                    .isEqualTo(id);
            assertThat(nextDelivery(sender, "messages.user." + ada.id(), "message.deleted").path("id").asText())
                    .isEqualTo(id);
        }
    }

    @Test
    void aDirectMessageReachesSenderAndRecipient_andNotAThirdUser() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-dm-ada");
        Account bob = server.api().newAccount("ws-dlv-dm-bob");
        Account cy = server.api().newAccount("ws-dlv-dm-cy");
        try (WsClient sender = connect(ada); WsClient recipient = connect(bob); WsClient third = connect(cy)) {
            subscribe(sender, "messages.user." + ada.id());
            subscribe(recipient, "messages.user." + bob.id());
            subscribe(third, "messages.user." + cy.id(), "messages.channel.*", "public.**");

            String dm = server.api().sendDirect(ada, bob, "just for bob");

            JsonNode received = nextDelivery(recipient, "messages.user." + bob.id(), "message.sent");
            assertThat(received.path("id").asText()).isEqualTo(dm);
            assertThat(received.path("recipientId").asText()).isEqualTo(bob.id());
            assertThat(nextDelivery(sender, "messages.user." + ada.id(), "message.sent").path("id").asText())
                    .isEqualTo(dm);

            // Published after the DM: when it reaches the third user, the DM would have been there before it.
            String marker = server.api().sendToChannel(ada, "dm-marker", "marker");
            assertThat(nextDelivery(third, "messages.channel.dm-marker", "message.sent").path("id").asText())
                    .isEqualTo(marker);
            assertThat(third.received()).noneMatch(f -> f.toString().contains(dm));
        }
    }

    @Test
    void aUserUpdateReachesTheUsersTopic_withThePublicUserOnly() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-user-ada");
        Account bob = server.api().newAccount("ws-dlv-user-bob");
        try (WsClient adaWs = connect(ada); WsClient bobWs = connect(bob)) {
            subscribe(adaWs, "users." + ada.id());
            subscribe(bobWs, "users." + bob.id());

            assertThat(server.api().updateUser(ada.token(), ada.id(), body("name", "Ada Renamed")).status())
                    .isEqualTo(200);
            JsonNode user = nextDelivery(adaWs, "users." + ada.id(), "user.updated");
            assertThat(user.path("id").asText()).isEqualTo(ada.id());
            assertThat(user.path("name").asText()).isEqualTo("Ada Renamed");
            assertThat(user.path("email").asText()).isEqualTo(ada.email());
            assertThat(iterable(user.fieldNames())).containsExactlyInAnyOrder("id", "email", "name", "roles",
                    "createdAt", "updatedAt");

            assertThat(server.api().updateUser(bob.token(), bob.id(), body("name", "Bob Renamed")).status())
                    .isEqualTo(200);
            assertThat(nextDelivery(bobWs, "users." + bob.id(), "user.updated").path("name").asText())
                    .isEqualTo("Bob Renamed");
            assertThat(bobWs.received()).as("bob never saw ada's update").noneMatch(f -> f.toString().contains(ada.id()));
        }
    }

    @Test
    void aMessageFrameOnAChannelIsStoredAndListedOverRest() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-store-ada");
        Account bob = server.api().newAccount("ws-dlv-store-bob");
        String channel = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        try (WsClient publisher = connect(ada); WsClient listener = connect(bob)) {
            subscribe(listener, "messages.channel." + channel);

            JsonNode reply = publish(publisher, "messages.channel." + channel, "typed over the socket");
            String messageId = reply.path("messageId").asText();
            assertThat(messageId).isNotBlank();

            JsonNode delivered = nextDelivery(listener, "messages.channel." + channel, "message.sent");
            assertThat(delivered.path("id").asText()).isEqualTo(messageId);
            assertThat(delivered.path("senderId").asText()).isEqualTo(ada.id());

            Http.Response listed = server.api().listMessages(bob.token(), "channelId=" + channel);
            assertThat(listed.status()).isEqualTo(200);
            JsonNode items = listed.data().path("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).path("id").asText()).isEqualTo(messageId);
            assertThat(items.get(0).path("content").asText()).isEqualTo("typed over the socket");
            assertThat(items.get(0).path("channelId").asText()).isEqualTo(channel);
        }
    }

    @Test
    void aMessageFrameOnAUsersTopicIsAStoredDirectMessage() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-dmframe-ada");
        Account bob = server.api().newAccount("ws-dlv-dmframe-bob");
        try (WsClient publisher = connect(ada); WsClient recipient = connect(bob)) {
            subscribe(recipient, "messages.user." + bob.id());

            String messageId = publish(publisher, "messages.user." + bob.id(), "psst").path("messageId").asText();

            JsonNode delivered = nextDelivery(recipient, "messages.user." + bob.id(), "message.sent");
            assertThat(delivered.path("id").asText()).isEqualTo(messageId);
            assertThat(delivered.path("recipientId").asText()).isEqualTo(bob.id());
            Http.Response stored = server.api().getMessage(bob.token(), messageId);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.data().path("content").asText()).isEqualTo("psst");
        }
    }

    @Test
    void aMessageFrameThatIsNotAValidMessageIsRefused() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-invalid");
        try (WsClient ws = connect(ada)) {
            expectError(ws, body("type", "message", "topic", "messages.channel.x"), 2);
            expectError(ws, body("type", "message", "topic", "messages.channel.x", "content", ""), 2);
            expectError(ws, body("type", "message", "topic", "messages.channel.x", "content", 7), 2);
            // Any id may name a user (an identity provider's users too), but only accounts receive direct messages.
            assertThat(expectError(ws, body("type", "message", "topic", "messages.user.not-a-uuid", "content", "hi"),
                    3).path("reason").asText()).isEqualTo("RECIPIENT_NOT_FOUND");
            JsonNode missing = expectError(ws, body("type", "message", "topic", "messages.user." + UUID.randomUUID(),
                    "content", "hi"), 3);
            assertThat(missing.path("reason").asText()).isEqualTo("RECIPIENT_NOT_FOUND");
            expectError(ws, body("type", "message", "topic", "public.x"), 2);
            expectError(ws, body("type", "message", "content", "no topic"), 2);
        }
    }

    @Test
    void aMessageFrameOnAPublicTopicIsAnEphemeralBroadcast() throws Exception {
        Account ada = server.api().newAccount("ws-dlv-public-ada");
        Account bob = server.api().newAccount("ws-dlv-public-bob");
        try (WsClient publisher = connect(ada); WsClient listener = connect(bob)) {
            subscribe(listener, "public.chat.*");

            publisher.send(body("type", "message", "topic", "public.chat.room1", "content", "hi all",
                    "data", Map.of("mood", "cheerful", "n", 3), "id", "b1"));
            JsonNode reply = publisher.next();
            assertThat(reply.path("type").asText()).isEqualTo("published");
            assertThat(reply.path("id").asText()).isEqualTo("b1");
            assertThat(reply.path("topic").asText()).isEqualTo("public.chat.room1");
            assertThat(reply.has("messageId")).as("a broadcast is not stored").isFalse();

            JsonNode data = nextDelivery(listener, "public.chat.room1", "client.message");
            assertThat(data.path("senderId").asText()).isEqualTo(ada.id());
            assertThat(data.path("content").asText()).isEqualTo("hi all");
            assertThat(data.path("data").path("mood").asText()).isEqualTo("cheerful");
            assertThat(data.path("data").path("n").asInt()).isEqualTo(3);

            publish(publisher, "public.chat.room1", "no data");
            assertThat(nextDelivery(listener, "public.chat.room1", "client.message").has("data")).isFalse();
        }
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
