package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisClusterFixture;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on a Redis Cluster (REDIS_URL=redis-cluster://..., 3 masters + 3 replicas, shared by the cluster
 * tests of this run) behave as one server: accounts, messages on channels spread over every shard, wildcard
 * subscriptions resolved inside Switchboard, session updates, and per-shard health.
 */
class ClusterMultiInstanceTest {
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        RedisClusterFixture cluster = RedisClusterFixture.shared();
        Map<String, String> shared = Map.of("REDIS_URL", cluster.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "SWITCH_RATE_LIMIT", "0", "REDIS_WAIT_REPLICAS", "1");
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b);
    }

    @Test
    void registeredOnA_loggedInOnB_theTokenWorksOnA() {
        String email = "cluster-" + UUID.randomUUID() + "@example.com";
        assertThat(a.api().register(email, "Cluster User", "Corr3ct-Horse!").status()).isEqualTo(201);
        assertThat(b.api().register(email, "Twin", "Corr3ct-Horse!").status()).isEqualTo(409);

        Http.Response login = b.api().login(email, "Corr3ct-Horse!");
        assertThat(login.status()).isEqualTo(200);
        Http.Response me = a.api().me(login.json().path("data").path("token").asText());
        assertThat(me.json().path("data").path("email").asText()).isEqualTo(email);
    }

    @Test
    void postsOnAReachSubscribersOnBOnChannelsOfEveryShard() throws Exception {
        Account ada = a.api().newAccount("cluster-fanout");
        List<WsClient> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) { // 12 channels: their partitions land on all three masters
                watchers.add(WsClient.subscribed(b, ada, "messages.channel.c" + i));
            }
            Await.until("B's shard subscriptions are in place", () -> b.app().upstreamSubscriptionsSettled());
            for (int i = 0; i < 12; i++) {
                String id = a.api().sendToChannel(ada, "c" + i, "hello " + i);
                // the first frame on a presence topic may be the watcher's own presence.join: take the message
                JsonNode got = watchers.get(i).await(f -> "message.sent".equals(f.path("eventType").asText()),
                        WsClient.DEFAULT_WAIT);
                assertThat(got.path("data").path("id").asText()).isEqualTo(id);
            }
            for (WsClient watcher : watchers) {
                watcher.expectNothing(Duration.ofMillis(50));
            }
        } finally {
            Closeables.closeAll(watchers.toArray(AutoCloseable[]::new));
        }
    }

    @Test
    void aWildcardSubscriberOnBReceivesOnlyMatchingTopics() throws Exception {
        Account ada = a.api().newAccount("cluster-wild");
        try (WsClient onB = WsClient.subscribed(b, ada, "public.sport.*")) {
            Await.until("B's shard subscriptions are in place", () -> b.app().upstreamSubscriptionsSettled());
            try (WsClient publisher = WsClient.authenticated(a, ada)) {
                publish(publisher, "public.weather.today", "no");
                publish(publisher, "public.sport.football", "yes");
                publish(publisher, "public.sport.football.live", "no: too deep");
                publish(publisher, "public.sport.tennis", "yes too");
            }
            List<String> got = List.of(onB.awaitType("message").path("data").path("content").asText(),
                    onB.awaitType("message").path("data").path("content").asText());
            assertThat(got).containsExactlyInAnyOrder("yes", "yes too"); // two topics: two partitions
            onB.expectNothing(Duration.ofMillis(200));
        }
    }

    @Test
    void aSwitchOnAReachesASessionWatcherOnB() throws Exception {
        Account owner = a.api().newAccount("cluster-owner");
        String sessionId = UUID.randomUUID().toString();
        try (WsClient onB = WsClient.sessionWatcher(b, owner, sessionId)) {
            Await.until("B's shard subscriptions are in place", () -> b.app().upstreamSubscriptionsSettled());
            Http.Response created = a.http().call("POST", "/api/sessions").bearer(owner.token())
                    .json(Map.of("sessionId", sessionId, "syncMode", "per_participant", "totalTimeMs", 600_000,
                            "participants", List.of(Map.of("participantId", "p1"), Map.of("participantId", "p2"))))
                    .send();
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            for (String op : List.of("start", "switch")) {
                Http.Response r = a.http().call("POST", "/api/sessions/" + sessionId + "/" + op)
                        .bearer(owner.token()).send();
                assertThat(r.status()).as(op + ": " + r.body()).isEqualTo(200);
            }

            JsonNode switched = onB.await(f -> "SWITCHED".equals(f.path("event").asText()), Duration.ofSeconds(10));
            assertThat(switched.path("state").path("version").asLong()).isEqualTo(3L);
        }
    }

    @Test
    void healthShowsEveryShard() {
        Await.until("every shard's probe came back", Duration.ofSeconds(15), () -> {
            String health = a.http().call("GET", "/health").send().body();
            return health.contains("shardProbeAgeMs") && health.contains("shardLatencyMs")
                    && a.http().call("GET", "/metrics").send().body().contains("switchboard_redis_shards_up 3.0");
        });
        JsonNode body = a.http().call("GET", "/health").send().json();
        String text = body.toString();
        assertThat(text).contains("redis-cluster");
        assertThat(a.http().call("GET", "/health/ready").send().status()).isEqualTo(200);
        assertThat(a.http().call("GET", "/metrics").send().body()).contains("switchboard_redis_shards_up 3.0");
    }

    private static void publish(WsClient ws, String topic, String content) throws Exception {
        ws.send(Map.of("type", "message", "topic", topic, "content", content));
        ws.awaitType("published");
    }
}
