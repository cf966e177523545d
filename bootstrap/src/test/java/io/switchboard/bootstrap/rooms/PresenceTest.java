package io.switchboard.bootstrap.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Presence, join/leave, typing and online status over real WebSockets and HTTP (one instance, in memory). */
class PresenceTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("TYPING_TTL_MS", "600"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String room() {
        return "public.room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Predicate<JsonNode> event(String eventType, String userId) {
        return f -> "message".equals(f.path("type").asText()) && eventType.equals(f.path("eventType").asText())
                && userId.equals(f.path("data").path("userId").asText());
    }

    /**
     * Waits until the server handled everything the connection sent so far (frames of one connection are handled
     * in order): the presence entry that follows a `subscribed` reply is then in place.
     */
    static void settled(WsClient ws) throws InterruptedException {
        String id = "settle-" + UUID.randomUUID();
        ws.send(Map.of("type", "ping", "id", id));
        ws.await(f -> id.equals(f.path("id").asText()), Duration.ofSeconds(5));
    }

    static long count(WsClient ws, String eventType, String userId) {
        return ws.received().stream().filter(event(eventType, userId)).count();
    }

    @Test
    void two_tabs_of_one_user_make_one_join_and_one_leave() throws Exception {
        String topic = room();
        Account watcher = server.api().newAccount("watcher");
        Account ada = server.api().newAccount("ada");
        try (WsClient observer = WsClient.subscribedAndJoined(server, watcher, topic)) {
            WsClient tab1 = WsClient.subscribed(server, ada, topic);
            WsClient tab2 = WsClient.subscribed(server, ada, topic);
            settled(tab1);
            settled(tab2);
            JsonNode join = observer.await(event("presence.join", ada.id()), Duration.ofSeconds(5));
            assertThat(join.path("topic").asText()).isEqualTo(topic);
            assertThat(join.path("data").path("name").asText()).isEqualTo(ada.name());

            tab1.close();
            Await.until("tab 1 closed", () -> server.app().openWebSockets() == 2);
            tab2.send(Map.of("type", "unsubscribe", "topic", topic));
            tab2.awaitType("unsubscribed");
            observer.await(event("presence.leave", ada.id()), Duration.ofSeconds(5));
            tab2.close();
            try {
                observer.expectNothing(Duration.ofMillis(200));
            } catch (AssertionError e) {
                throw new AssertionError(observer.received().toString(), e);
            }
            assertThat(count(observer, "presence.join", ada.id())).isEqualTo(1);
            assertThat(count(observer, "presence.leave", ada.id())).isEqualTo(1);
        }
    }

    @Test
    void a_users_first_tab_gets_its_own_join_a_second_tab_none_and_the_other_user_one_join_and_one_leave()
            throws Exception {
        String topic = room();
        Account watcher = server.api().newAccount("sj-watcher");
        Account ada = server.api().newAccount("sj-ada");
        try (WsClient observer = WsClient.authenticated(server, watcher)) {
            observer.send(Map.of("type", "subscribe", "topic", topic));
            assertThat(observer.next().path("type").asText()).isEqualTo("subscribed");
            assertThat(event("presence.join", watcher.id()).test(observer.next())).isTrue(); // its own join

            WsClient tab1 = WsClient.authenticated(server, ada);
            tab1.send(Map.of("type", "subscribe", "topic", topic));
            assertThat(tab1.next().path("type").asText()).isEqualTo("subscribed");
            JsonNode own = tab1.next(); // right after `subscribed`
            assertThat(event("presence.join", ada.id()).test(own)).as(own.toString()).isTrue();
            assertThat(own.path("topic").asText()).isEqualTo(topic);
            assertThat(own.path("data").path("name").asText()).isEqualTo(ada.name());

            WsClient tab2 = WsClient.authenticated(server, ada);
            tab2.send(Map.of("type", "subscribe", "topic", topic));
            assertThat(tab2.next().path("type").asText()).isEqualTo("subscribed");
            settled(tab1);
            settled(tab2);
            JsonNode join = observer.await(event("presence.join", ada.id()), Duration.ofSeconds(5));
            assertThat(join.path("data").path("name").asText()).isEqualTo(ada.name());

            tab1.close();
            Await.until("tab 1 closed", () -> server.app().openWebSockets() == 2);
            settled(tab2); // still present through tab 2: no leave yet
            tab2.send(Map.of("type", "unsubscribe", "topic", topic));
            tab2.awaitType("unsubscribed");
            observer.await(event("presence.leave", ada.id()), Duration.ofSeconds(5));
            settled(tab2);
            tab2.close();
            try {
                observer.expectNothing(Duration.ofMillis(200));
            } catch (AssertionError e) {
                throw new AssertionError(observer.received().toString(), e);
            }
            assertThat(count(tab1, "presence.join", ada.id())).isEqualTo(1);
            assertThat(count(tab2, "presence.join", ada.id())).as(tab2.received().toString()).isZero();
            assertThat(count(tab2, "presence.leave", ada.id())).as(tab2.received().toString()).isZero();
            assertThat(count(observer, "presence.join", ada.id())).isEqualTo(1);
            assertThat(count(observer, "presence.leave", ada.id())).isEqualTo(1);
            assertThat(count(observer, "presence.join", watcher.id())).isEqualTo(1);
        }
    }

    @Test
    void presence_is_queried_by_frame_and_rest_newest_first_for_whoever_may_subscribe() throws Exception {
        String topic = room();
        Account ada = server.api().newAccount("q-ada");
        Account bob = server.api().newAccount("q-bob");
        try (WsClient a = WsClient.subscribed(server, ada, topic);
             WsClient b = WsClient.subscribed(server, bob, topic);
             WsClient patternOnly = WsClient.subscribed(server, server.api().newAccount("q-pat"), "public.**")) {
            b.send(Map.of("type", "presence", "topic", topic, "id", "p1"));
            JsonNode reply = b.awaitType("presence");
            assertThat(reply.path("id").asText()).isEqualTo("p1");
            assertThat(reply.path("total").asLong()).isEqualTo(2);
            assertThat(reply.path("users").get(0).path("userId").asText()).isEqualTo(bob.id());
            assertThat(reply.path("users").get(1).path("userId").asText()).isEqualTo(ada.id());
            assertThat(reply.path("users").get(0).path("since").asText()).endsWith("Z");

            Http.Response rest = server.http().call("GET", "/api/presence?topic=" + topic + "&limit=1")
                    .bearer(ada.token()).send();
            assertThat(rest.status()).isEqualTo(200);
            assertThat(rest.json().path("data").path("total").asLong()).isEqualTo(2);
            assertThat(rest.json().path("data").path("users")).hasSize(1);

            a.send(Map.of("type", "presence", "topic", "public.*"));
            assertThat(a.awaitType("error").path("code").asInt()).isEqualTo(2);
            a.send(Map.of("type", "presence", "topic", "users." + bob.id()));
            assertThat(a.awaitType("error").path("code").asInt()).isEqualTo(5);
            assertThat(server.http().call("GET", "/api/presence?topic=" + topic + "&limit=5000")
                    .bearer(ada.token()).send().status()).isEqualTo(400);
            assertThat(server.http().call("GET", "/api/presence").bearer(ada.token()).send().status()).isEqualTo(400);
        }
    }

    @Test
    void a_private_channels_presence_is_for_members_only() throws Exception {
        Account owner = server.api().newAccount("pp-owner");
        Account stranger = server.api().newAccount("pp-stranger");
        String id = "pp-" + UUID.randomUUID().toString().substring(0, 8);
        new Rooms(server).declare(owner, id, true);
        try (WsClient ws = WsClient.subscribed(server, owner, "messages.channel." + id);
             WsClient other = WsClient.authenticated(server, stranger)) {
            other.send(Map.of("type", "presence", "topic", "messages.channel." + id));
            assertThat(other.awaitType("error").path("reason").asText()).isEqualTo("NOT_A_MEMBER");
            ws.send(Map.of("type", "presence", "topic", "messages.channel." + id));
            assertThat(ws.awaitType("presence").path("total").asLong()).isEqualTo(1);
        }
    }

    @Test
    void typing_is_coalesced_not_echoed_to_the_senders_connections_and_ends_on_post() throws Exception {
        String id = "ty-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "messages.channel." + id;
        Account ada = server.api().newAccount("ty-ada");
        Account bob = server.api().newAccount("ty-bob");
        try (WsClient adaTab1 = WsClient.subscribed(server, ada, topic);
             WsClient adaTab2 = WsClient.subscribed(server, ada, topic);
             WsClient bobWs = WsClient.subscribedAndJoined(server, bob, topic)) { // his own join taken first
            for (int i = 0; i < 5; i++) {
                adaTab1.send(Map.of("type", "typing", "topic", topic, "typing", true));
            }
            JsonNode typing = bobWs.await(event("typing", ada.id()), Duration.ofSeconds(5));
            assertThat(typing.path("data").path("typing").asBoolean()).isTrue();
            assertThat(typing.path("data").path("name").asText()).isEqualTo(ada.name());

            adaTab1.send(Map.of("type", "message", "topic", topic, "content", "done typing"));
            // the message and the end of typing are two publications; either may come first
            boolean ended = false;
            boolean posted = false;
            while (!ended || !posted) {
                JsonNode next = bobWs.next(Duration.ofSeconds(5));
                posted |= "message.sent".equals(next.path("eventType").asText());
                if (event("typing", ada.id()).test(next)) {
                    assertThat(next.path("data").path("typing").asBoolean()).isFalse();
                    ended = true;
                }
            }
            bobWs.expectNothing(Duration.ofMillis(900)); // no auto-false after the post ended it
            assertThat(count(bobWs, "typing", ada.id())).isEqualTo(2);
            assertThat(count(adaTab1, "typing", ada.id()) + count(adaTab2, "typing", ada.id())).isZero();
        }
    }

    @Test
    void typing_not_refreshed_ends_with_an_automatic_false() throws Exception {
        String topic = room();
        Account ada = server.api().newAccount("te-ada");
        Account bob = server.api().newAccount("te-bob");
        try (WsClient adaWs = WsClient.subscribed(server, ada, topic);
             WsClient bobWs = WsClient.subscribed(server, bob, topic)) {
            adaWs.send(Map.of("type", "typing", "topic", topic, "typing", true));
            assertThat(bobWs.await(event("typing", ada.id()), Duration.ofSeconds(5)).path("data").path("typing")
                    .asBoolean()).isTrue();
            long sent = System.nanoTime();
            JsonNode auto = bobWs.await(event("typing", ada.id()), Duration.ofSeconds(5));
            assertThat(auto.path("data").path("typing").asBoolean()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThan(Duration.ofMillis(300));
        }
    }

    @Test
    void typing_needs_an_exact_subscription_and_bad_frames_get_errors() throws Exception {
        Account ada = server.api().newAccount("tb-ada");
        try (WsClient ws = WsClient.subscribed(server, ada, "public.**")) {
            ws.send(Map.of("type", "typing", "topic", room(), "typing", true));
            assertThat(ws.awaitType("error").path("reason").asText()).isEqualTo("NOT_SUBSCRIBED");
            ws.send(Map.of("type", "typing", "topic", "public.*", "typing", true));
            assertThat(ws.awaitType("error").path("code").asInt()).isEqualTo(2);
            ws.send(Map.of("type", "typing", "topic", room(), "typing", "yes"));
            assertThat(ws.awaitType("error").path("code").asInt()).isEqualTo(2);
        }
    }

    @Test
    void online_status_by_rest_and_events_on_presence_users() throws Exception {
        Account ada = server.api().newAccount("on-ada");
        Account bob = server.api().newAccount("on-bob");
        try (WsClient watcher = WsClient.subscribed(server, bob, "presence.users." + ada.id())) {
            JsonNode before = server.http().call("GET", "/api/users/online?ids=" + ada.id() + "," + bob.id())
                    .bearer(bob.token()).send().json().path("data");
            assertThat(before.get(0).path("online").asBoolean()).isFalse();
            assertThat(before.get(0).path("lastSeenAt").isNull()).isTrue();
            assertThat(before.get(1).path("online").asBoolean()).isTrue();

            WsClient tab1 = WsClient.authenticated(server, ada);
            WsClient tab2 = WsClient.authenticated(server, ada);
            JsonNode online = watcher.await(event("user.online", ada.id()), Duration.ofSeconds(5));
            assertThat(online.path("topic").asText()).isEqualTo("presence.users." + ada.id());
            assertThat(server.http().call("GET", "/api/users/online?ids=" + ada.id()).bearer(bob.token()).send()
                    .json().path("data").get(0).path("online").asBoolean()).isTrue();
            tab1.close();
            tab2.close();
            JsonNode offline = watcher.await(event("user.offline", ada.id()), Duration.ofSeconds(5));
            assertThat(offline.path("data").path("lastSeenAt").asText()).endsWith("Z");
            JsonNode after = server.http().call("GET", "/api/users/online?ids=" + ada.id()).bearer(bob.token())
                    .send().json().path("data").get(0);
            assertThat(after.path("online").asBoolean()).isFalse();
            assertThat(after.path("lastSeenAt").asText()).isEqualTo(offline.path("data").path("lastSeenAt").asText());
            assertThat(count(watcher, "user.online", ada.id())).isEqualTo(1);
            assertThat(count(watcher, "user.offline", ada.id())).isEqualTo(1);
        }
        String many = String.join(",", java.util.Collections.nCopies(101, UUID.randomUUID().toString()))
                + "," + UUID.randomUUID();
        List<String> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        assertThat(server.http().call("GET", "/api/users/online?ids=" + String.join(",", tooMany))
                .bearer(ada.token()).send().status()).isEqualTo(400);
        assertThat(server.http().call("GET", "/api/users/online?ids=" + many).bearer(ada.token()).send().status())
                .isEqualTo(200); // duplicates count once
        assertThat(server.http().call("GET", "/api/users/online?ids=not-a-user!").bearer(ada.token()).send()
                .status()).isEqualTo(400);
    }
}
