package io.switchboard.bootstrap.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.switchboard.bootstrap.rooms.PresenceTest.count;
import static io.switchboard.bootstrap.rooms.PresenceTest.event;
import static io.switchboard.bootstrap.rooms.PresenceTest.room;
import static org.assertj.core.api.Assertions.assertThat;

/** The bounds of presence and typing: PRESENCE_MAX_ANNOUNCED, WS_RATE_LIMIT on typing frames, churn. */
class PresenceBoundsTest {
    @Test
    void above_presence_max_announced_join_and_leave_are_not_sent_but_queries_work() throws Exception {
        try (TestServer server = TestServer.start(Map.of("PRESENCE_MAX_ANNOUNCED", "2"))) {
            String topic = room();
            Account watcher = server.api().newAccount("b-watch");
            Account second = server.api().newAccount("b-two");
            Account third = server.api().newAccount("b-three");
            try (WsClient observer = WsClient.subscribed(server, watcher, topic);
                 WsClient two = WsClient.subscribed(server, second, topic)) {
                observer.await(event("presence.join", second.id()), Duration.ofSeconds(5));
                WsClient three = WsClient.subscribed(server, third, topic);
                PresenceTest.settled(three); // its presence entry, made after `subscribed`, is in place
                observer.send(Map.of("type", "presence", "topic", topic));
                assertThat(observer.awaitType("presence").path("total").asLong()).isEqualTo(3);
                three.close();
                Await.until("third gone", () -> server.app().openWebSockets() == 2);
                observer.send(Map.of("type", "presence", "topic", topic));
                assertThat(observer.awaitType("presence").path("total").asLong()).isEqualTo(2);
                assertThat(count(observer, "presence.join", third.id())).isZero();
                assertThat(count(observer, "presence.leave", third.id())).isZero();
            }
        }
    }

    @Test
    void typing_frames_count_against_the_frame_rate_limit() throws Exception {
        try (TestServer server = TestServer.start(Map.of("WS_RATE_LIMIT", "5", "WS_RATE_WINDOW_MS", "60000"))) {
            String topic = room();
            try (WsClient ws = WsClient.subscribed(server, server.api().newAccount("rl"), topic)) {
                for (int i = 0; i < 10; i++) {
                    ws.send(Map.of("type", "typing", "topic", topic, "typing", i % 2 == 0));
                }
                JsonNode limited = ws.await(f -> "error".equals(f.path("type").asText()), Duration.ofSeconds(5));
                assertThat(limited.path("code").asInt()).isEqualTo(7);
            }
        }
    }

    @Test
    void after_a_churn_of_1000_connects_and_disconnects_on_two_instances_the_list_is_exact() throws Exception {
        RedisServerFixture redis = RedisServerFixture.start();
        Map<String, String> env = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "WS_MAX_CONNECTIONS_PER_IP", "0", "HTTP_RATE_LIMIT", "0");
        TestServer a = TestServer.start(env);
        TestServer b = TestServer.start(env);
        List<WsClient> open = new ArrayList<>();
        try {
            String topic = room();
            List<Account> users = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                users.add(a.api().newAccount("churn-" + i));
            }
            Random random = new Random(7);
            Map<WsClient, Account> owners = new HashMap<>();
            for (int op = 0; op < 1000; op++) {
                if (open.isEmpty() || (open.size() < 40 && random.nextBoolean())) {
                    Account user = users.get(random.nextInt(users.size()));
                    WsClient ws = WsClient.authenticated(random.nextBoolean() ? a : b, user);
                    ws.send(Map.of("type", "subscribe", "topic", topic));
                    open.add(ws);
                    owners.put(ws, user);
                } else {
                    WsClient gone = open.remove(random.nextInt(open.size()));
                    owners.remove(gone);
                    gone.close();
                }
            }
            for (WsClient ws : open) {
                ws.awaitType("subscribed");
            }
            Set<String> expected = new HashSet<>();
            owners.values().forEach(user -> expected.add(user.id()));
            Await.until("closes handled", Duration.ofSeconds(20),
                    () -> a.app().openWebSockets() + b.app().openWebSockets() == open.size());
            JsonNode presence = a.http().call("GET", "/api/presence?topic=" + topic + "&limit=1000")
                    .bearer(users.get(0).token()).send().json().path("data");
            Set<String> listed = new HashSet<>();
            presence.path("users").forEach(u -> listed.add(u.path("userId").asText()));
            assertThat(presence.path("total").asLong()).isEqualTo(expected.size());
            assertThat(listed).isEqualTo(expected);
        } finally {
            open.forEach(WsClient::close);
            Closeables.closeAll(a, b, redis);
        }
    }
}
