package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.ApiClient;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.deliveredTopics;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static io.switchboard.bootstrap.ws.TopicFrames.publish;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions of the topic dialect (docs/websocket.md): replies with the echoed id, wildcards,
 * at-most-once delivery, and the default policy for subscribing and publishing.
 */
class WsSubscriptionsTest {
    private static final String ADMIN_EMAIL = "ws-subscriptions-admin@switchboard.test";
    /** Every wildcard subscriber also holds this topic; its delivery says all earlier publications arrived. */
    private static final String END = "end.marker";
    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN_EMAIL));
        admin = server.api().newAccount(ADMIN_EMAIL, "Root Admin", ApiClient.GOOD_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient connect(Account account) throws Exception {
        return WsClient.authenticated(server, account);
    }

    @Test
    void subscribeAndUnsubscribeReplyWithTheEchoedId() throws Exception {
        Account ada = server.api().newAccount("ws-sub-echo");
        try (WsClient ws = connect(ada)) {
            ws.send(body("type", "subscribe", "topic", "public.echo", "id", "s-1"));
            JsonNode subscribed = ws.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.path("topic").asText()).isEqualTo("public.echo");
            assertThat(subscribed.path("id").asText()).isEqualTo("s-1");
            assertThat(subscribed.path("timestamp").asText()).isNotBlank();
            ws.nextOwnJoin("public.echo", ada.id());

            publish(ws, "public.echo", "before");
            ws.send(body("type", "unsubscribe", "topic", "public.echo", "id", "u-1"));
            JsonNode unsubscribed = ws.next();
            assertThat(unsubscribed.path("type").asText()).isEqualTo("unsubscribed");
            assertThat(unsubscribed.path("topic").asText()).isEqualTo("public.echo");
            assertThat(unsubscribed.path("id").asText()).isEqualTo("u-1");

            publish(ws, "public.echo", "after");
            assertThat(ws.received()).filteredOn(f -> "client.message".equals(f.path("eventType").asText()))
                    .extracting(f -> f.path("data").path("content").asText()).containsExactly("before");
        }
    }

    @Test
    void aFrameWithoutAnIdGetsAReplyWithoutOne() throws Exception {
        Account ada = server.api().newAccount("ws-sub-noid");
        try (WsClient ws = connect(ada)) {
            ws.send(body("type", "subscribe", "topic", "public.noid"));
            JsonNode subscribed = ws.next();
            assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.has("id")).isFalse();
        }
    }

    @Test
    void topicsGivesOneSubscribedPerTopic_inOrder_eachWithTheId() throws Exception {
        Account ada = server.api().newAccount("ws-sub-many");
        try (WsClient ws = connect(ada)) {
            List<String> topics = List.of("public.one", "messages.channel.two", "messages.user." + ada.id(),
                    "users." + ada.id());
            ws.send(body("type", "subscribe", "topics", topics, "id", "many"));
            List<String> replied = new ArrayList<>();
            for (int i = 0; i < topics.size(); i++) {
                JsonNode reply = ws.next();
                assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("subscribed");
                assertThat(reply.path("id").asText()).isEqualTo("many");
                replied.add(reply.path("topic").asText());
                if (TopicFrames.isPresenceTopic(topics.get(i))) { // public.one, messages.channel.two
                    ws.nextOwnJoin(topics.get(i), ada.id());
                }
            }
            assertThat(replied).isEqualTo(topics);
            ws.expectNothing(Duration.ofMillis(100));
        }
    }

    @Test
    void aTopicsListWithAForbiddenTopicRefusesOnlyThatOne() throws Exception {
        Account ada = server.api().newAccount("ws-sub-mixed");
        try (WsClient ws = connect(ada)) {
            ws.send(body("type", "subscribe", "topics", List.of("public.ok", "**", "sessions.*"), "id", "mixed"));
            JsonNode first = ws.next();
            ws.nextOwnJoin("public.ok", ada.id());
            JsonNode second = ws.next();
            JsonNode third = ws.next();
            assertThat(first.path("type").asText()).isEqualTo("subscribed");
            assertThat(second.path("type").asText()).isEqualTo("error");
            assertThat(second.path("code").asInt()).isEqualTo(5);
            assertThat(second.path("id").asText()).isEqualTo("mixed");
            assertThat(second.path("topic").asText()).isEqualTo("**");
            assertThat(third.path("type").asText()).isEqualTo("subscribed");
            assertThat(third.path("topic").asText()).isEqualTo("sessions.*");
        }
    }

    /**
     * The wildcard table: which subscriber gets which published topic. One admin connection per pattern (admins
     * may subscribe to and publish on these topics); each delivery list is read once the end marker arrived.
     */
    @Test
    void wildcardsMatchAsTheContractSays() throws Exception {
        List<String> published = List.of("a", "a.b", "a.b.c", "a.b.c.d", "a.c", "a.x.y.c", "x.b.y", "x.b", "b");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("a.*", List.of("a.b", "a.c"));
        expected.put("a.**", List.of("a", "a.b", "a.b.c", "a.b.c.d", "a.c", "a.x.y.c"));
        expected.put("*.b.*", List.of("a.b.c", "x.b.y"));
        expected.put("**", published);
        expected.put("a.**.c", List.of("a.b.c", "a.c", "a.x.y.c"));
        expected.put("*", List.of("a", "b"));
        expected.put("a.b", List.of("a.b"));

        Map<String, WsClient> subscribers = new LinkedHashMap<>();
        try (WsClient publisher = connect(admin)) {
            for (String pattern : expected.keySet()) {
                WsClient ws = connect(admin);
                subscribers.put(pattern, ws);
                if (pattern.equals("**")) {
                    subscribe(ws, pattern);
                } else {
                    subscribe(ws, pattern, END);
                }
            }
            for (String topic : published) {
                publish(publisher, topic, "on " + topic);
            }
            publish(publisher, END, "end");

            for (Map.Entry<String, List<String>> row : expected.entrySet()) {
                WsClient ws = subscribers.get(row.getKey());
                ws.await(f -> END.equals(f.path("topic").asText()) && "message".equals(f.path("type").asText()),
                        WsClient.DEFAULT_WAIT);
                List<String> got = new ArrayList<>(deliveredTopics(ws));
                got.remove(END);
                assertThat(got).as("deliveries to %s", row.getKey()).isEqualTo(row.getValue());
            }
        } finally {
            subscribers.values().forEach(WsClient::close);
        }
    }

    @Test
    void overlappingSubscriptionsDeliverEachMessageOnce() throws Exception {
        Account ada = server.api().newAccount("ws-sub-overlap");
        try (WsClient ws = connect(ada)) {
            subscribe(ws, "messages.channel.*", "messages.channel.overlap", "messages.user." + ada.id());
            String first = server.api().sendToChannel(ada, "overlap", "first");
            String second = server.api().sendToChannel(ada, "overlap", "second");

            JsonNode one = ws.next();
            JsonNode two = ws.next();
            assertThat(one.path("data").path("id").asText()).isEqualTo(first);
            assertThat(two.path("data").path("id").asText()).as("the second message, not the first again")
                    .isEqualTo(second);

            subscribe(ws, "public.**", "public.o.*", "public.o.x");
            publish(ws, "public.o.x", "ephemeral");
            publish(ws, "public.o.x", "marker");
            assertThat(ws.received()).filteredOn(f -> "client.message".equals(f.path("eventType").asText()))
                    .extracting(f -> f.path("data").path("content").asText()).containsExactly("ephemeral", "marker");
        }
    }

    @Test
    void aUserMayNotSubscribeToOthersTopicsOrToEverything() throws Exception {
        Account ada = server.api().newAccount("ws-sub-forbidden");
        Account bob = server.api().newAccount("ws-sub-other");
        try (WsClient ws = connect(ada)) {
            for (String topic : List.of("messages.user." + bob.id(), "messages.user.*", "**", "users." + bob.id(),
                    "users.*", "user." + bob.id() + ".x", "messages.**", "sessions.**", "*.channel.x", "private.x")) {
                JsonNode error = expectError(ws, body("type", "subscribe", "topic", topic, "id", "f"), 5);
                assertThat(error.path("reason").asText()).as(topic).isEqualTo("SUBSCRIBE_FORBIDDEN");
                assertThat(error.path("id").asText()).isEqualTo("f");
            }
            // ...and what is theirs or everyone's is fine.
            subscribe(ws, "messages.user." + ada.id(), "users." + ada.id(), "user." + ada.id() + ".**",
                    "messages.channel.*", "sessions.*", "public.**", "public.a.*.b");
        }
    }

    @Test
    void anAdminMaySubscribeToEverything() throws Exception {
        try (WsClient ws = connect(admin)) {
            subscribe(ws, "**", "messages.user.*", "users.*");
        }
    }

    @Test
    void publishingWhereThePolicyDoesNotAllowIsCode5() throws Exception {
        Account ada = server.api().newAccount("ws-pub-forbidden");
        try (WsClient user = connect(ada); WsClient root = connect(admin)) {
            for (String topic : List.of("users." + ada.id(), "sessions.x", "private.x", "user." + ada.id() + ".x",
                    "messages.other.x")) {
                JsonNode error = expectError(user, body("type", "message", "topic", topic, "content", "hi"), 5);
                assertThat(error.path("reason").asText()).as(topic).isEqualTo("PUBLISH_FORBIDDEN");
            }
            for (String topic : List.of("users." + ada.id(), "sessions.x", "users", "sessions")) {
                expectError(root, body("type", "message", "topic", topic, "content", "hi"), 5);
            }
            publish(root, "private.x", "admins may");
        }
    }

    @Test
    void aMalformedPatternIsCode2() throws Exception {
        Account ada = server.api().newAccount("ws-sub-malformed");
        try (WsClient ws = connect(ada)) {
            for (String topic : List.of("", "public..x", "public.***", "public.a b", "public." + "x".repeat(65), ".")) {
                expectError(ws, body("type", "subscribe", "topic", topic), 2);
            }
            expectError(ws, body("type", "subscribe"), 2);
            expectError(ws, body("type", "subscribe", "topics", List.of()), 2);
            expectError(ws, body("type", "subscribe", "topic", 42), 2);
        }
    }
}
