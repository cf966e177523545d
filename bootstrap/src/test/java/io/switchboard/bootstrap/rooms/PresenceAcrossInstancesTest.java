package io.switchboard.bootstrap.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.switchboard.bootstrap.rooms.PresenceTest.count;
import static io.switchboard.bootstrap.rooms.PresenceTest.event;
import static io.switchboard.bootstrap.rooms.PresenceTest.room;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence and online status across instances on one Redis, including an instance that dies. The dead instance is
 * an in-JVM server stopped with {@code App.crashForTests()}: it writes nothing more about its connections (no leave,
 * no key removal, no heartbeat), as if killed with SIGKILL; its clients see their sockets close.
 */
class PresenceAcrossInstancesTest {
    private static final long TTL_MS = 1_500;
    private static final long SWEEP_MS = 300;
    private static RedisServerFixture redis;
    private static Map<String, String> shared;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX", RedisServerFixture.newKeyPrefix(),
                "PRESENCE_TTL_MS", Long.toString(TTL_MS), "PRESENCE_SWEEP_INTERVAL_MS", Long.toString(SWEEP_MS));
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    @Test
    void tabs_of_one_user_on_two_instances_make_one_join_and_one_leave() throws Exception {
        String topic = room();
        Account ada = a.api().newAccount("x-ada");
        try (WsClient observer = WsClient.subscribedAndJoined(a, a.api().newAccount("x-obs"), topic)) {
            WsClient onA = WsClient.subscribed(a, ada, topic);
            onA.await(event("presence.join", ada.id()), Duration.ofSeconds(5)); // its own join: ada is present
            WsClient onB = WsClient.subscribed(b, ada, topic);
            PresenceTest.settled(onA);
            PresenceTest.settled(onB);
            observer.await(event("presence.join", ada.id()), Duration.ofSeconds(5));
            onB.send(Map.of("type", "presence", "topic", topic));
            assertThat(onB.awaitType("presence").path("total").asLong()).isEqualTo(2);
            onA.close();
            onB.close();
            observer.await(event("presence.leave", ada.id()), Duration.ofSeconds(5));
            observer.expectNothing(Duration.ofMillis(TTL_MS + 2 * SWEEP_MS)); // no second leave from a sweep
            assertThat(count(observer, "presence.join", ada.id())).isEqualTo(1);
            assertThat(count(observer, "presence.leave", ada.id())).isEqualTo(1);
            // the user's own join reaches their connection that made them present, once, and not the second one
            assertThat(count(onA, "presence.join", ada.id())).as(onA.received().toString()).isEqualTo(1);
            assertThat(count(onB, "presence.join", ada.id())).as(onB.received().toString()).isZero();
        }
    }

    @Test
    void online_status_across_two_instances() throws Exception {
        Account ada = a.api().newAccount("o-ada");
        Account bob = a.api().newAccount("o-bob");
        try (WsClient watcher = WsClient.subscribed(a, bob, "presence.users.*")) {
            WsClient onB = WsClient.authenticated(b, ada);
            watcher.await(event("user.online", ada.id()), Duration.ofSeconds(5));
            JsonNode status = a.http().call("GET", "/api/users/online?ids=" + ada.id()).bearer(bob.token()).send()
                    .json().path("data").get(0);
            assertThat(status.path("online").asBoolean()).isTrue();
            WsClient onA = WsClient.authenticated(a, ada);
            onB.close();
            onA.close();
            watcher.await(event("user.offline", ada.id()), Duration.ofSeconds(5));
            assertThat(a.http().call("GET", "/api/users/online?ids=" + ada.id()).bearer(bob.token()).send()
                    .json().path("data").get(0).path("online").asBoolean()).isFalse();
            assertThat(count(watcher, "user.online", ada.id())).isEqualTo(1);
        }
    }

    @Test
    void when_an_instance_dies_the_leave_arrives_within_ttl_and_sweep_once() throws Exception {
        TestServer doomed = TestServer.start(shared);
        try {
            String topic = room();
            Account ada = a.api().newAccount("k-ada");
            try (WsClient observer = WsClient.subscribedAndJoined(a, a.api().newAccount("k-obs"), topic);
                 WsClient onlineWatcher = WsClient.subscribed(b, a.api().newAccount("k-w"),
                         "presence.users." + ada.id())) {
                WsClient victim = WsClient.subscribed(doomed, ada, topic);
                observer.await(event("presence.join", ada.id()), Duration.ofSeconds(5));
                onlineWatcher.await(event("user.online", ada.id()), Duration.ofSeconds(5));

                long killed = System.nanoTime();
                doomed.app().crashForTests();
                observer.await(event("presence.leave", ada.id()), Duration.ofMillis(TTL_MS + SWEEP_MS + 3_000));
                Duration took = Duration.ofNanos(System.nanoTime() - killed);
                onlineWatcher.await(event("user.offline", ada.id()), Duration.ofSeconds(5));
                observer.expectNothing(Duration.ofMillis(3 * SWEEP_MS));
                assertThat(count(observer, "presence.leave", ada.id())).isEqualTo(1);
                assertThat(count(onlineWatcher, "user.offline", ada.id())).isEqualTo(1);
                // not announced by the dying instance itself: only an expiry (a sweep) ends it
                assertThat(took).isGreaterThan(Duration.ofMillis(TTL_MS / 3));
                victim.close();
            }
        } finally {
            doomed.close();
        }
    }

    @Test
    void typing_on_A_reaches_B_and_a_post_on_B_ends_it() throws Exception {
        String id = "xt-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String topic = "messages.channel." + id;
        Account ada = a.api().newAccount("xt-ada");
        Account bob = a.api().newAccount("xt-bob");
        try (WsClient adaOnA = WsClient.subscribed(a, ada, topic);
             WsClient adaOnB = WsClient.subscribed(b, ada, topic);
             WsClient bobOnB = WsClient.subscribed(b, bob, topic)) {
            adaOnA.send(Map.of("type", "typing", "topic", topic, "typing", true));
            JsonNode typing = bobOnB.await(event("typing", ada.id()), Duration.ofSeconds(5));
            assertThat(typing.path("data").path("typing").asBoolean()).isTrue();

            b.api().sendToChannel(ada, id, "posted on the other instance");
            JsonNode ended = bobOnB.await(event("typing", ada.id()), Duration.ofSeconds(5));
            assertThat(ended.path("data").path("typing").asBoolean()).isFalse();
            PresenceTest.settled(adaOnB);
            assertThat(count(adaOnB, "typing", ada.id()) + count(adaOnA, "typing", ada.id())).isZero();
        }
    }
}
