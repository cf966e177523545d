package io.switchboard.bootstrap.rooms;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.bootstrap.rooms.PresenceTest.count;
import static io.switchboard.bootstrap.rooms.PresenceTest.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on the shared Redis Cluster (3 masters + 3 replicas, REDIS_WAIT_REPLICAS=1): presence joins and
 * leaves, channel revocation, history (offsets from the store-and-SPUBLISH script, exact and pattern recovery,
 * GET /api/history) on topics spread over every shard. (Failover and slot migration on history topics:
 * RedisClusterHistoryFailoverTest in adapters-out.)
 */
class RoomsAndHistoryOnClusterTest {
    private static final String KEY = "cluster-key-0123456789-abcdefghijklmnopq";
    /** Six topics: with 256 partitions over three masters, they land on more than one shard. */
    private static final int TOPICS = 6;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        RedisClusterFixture cluster = RedisClusterFixture.shared();
        Map<String, String> shared = Map.of("REDIS_URL", cluster.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "REDIS_WAIT_REPLICAS", "1", "API_KEYS", "app:" + KEY,
                "SWITCH_RATE_LIMIT", "0");
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b);
    }

    @Test
    void presence_joins_and_leaves_cross_instances_once_on_topics_of_every_shard() throws Exception {
        Account ada = a.api().newAccount("cp-ada");
        Account obs = a.api().newAccount("cp-obs");
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            topics.add("public.croom-" + UUID.randomUUID().toString().substring(0, 8));
        }
        List<WsClient> observers = new ArrayList<>();
        List<WsClient> joiners = new ArrayList<>();
        try {
            for (String topic : topics) {
                observers.add(WsClient.subscribed(a, obs, topic));
            }
            Await.until("A's shard subscriptions are in place", () -> a.app().upstreamSubscriptionsSettled());
            for (String topic : topics) {
                joiners.add(WsClient.subscribed(b, ada, topic));
            }
            for (WsClient observer : observers) {
                observer.await(event("presence.join", ada.id()), WAIT);
            }
            Http.Response query = a.http().call("GET", "/api/presence?topic=" + topics.get(0)).bearer(obs.token())
                    .send();
            assertThat(query.status()).as(query.body()).isEqualTo(200);
            assertThat(query.data().path("total").asLong()).isEqualTo(2);
            for (WsClient joiner : joiners) {
                joiner.close();
            }
            for (WsClient observer : observers) {
                observer.await(event("presence.leave", ada.id()), WAIT);
            }
            for (WsClient observer : observers) {
                observer.expectNothing(Duration.ofMillis(100));
                assertThat(count(observer, "presence.join", ada.id())).isEqualTo(1);
                assertThat(count(observer, "presence.leave", ada.id())).isEqualTo(1);
            }
        } finally {
            Closeables.closeAll(joiners.toArray(AutoCloseable[]::new));
            Closeables.closeAll(observers.toArray(AutoCloseable[]::new));
        }
    }

    @Test
    void a_member_removed_on_A_loses_channels_of_every_shard_at_once_on_B() throws Exception {
        Account owner = a.api().newAccount("cr-owner");
        Account member = a.api().newAccount("cr-member");
        Rooms onA = new Rooms(a);
        List<String> ids = new ArrayList<>();
        List<WsClient> subscribed = new ArrayList<>();
        try {
            for (int i = 0; i < TOPICS; i++) {
                String id = "cr-" + UUID.randomUUID().toString().substring(0, 8);
                ids.add(id);
                assertThat(onA.declare(owner, id, true).status()).isEqualTo(201);
                assertThat(onA.addMember(owner, id, member, null).status()).isEqualTo(201);
                subscribed.add(WsClient.subscribed(b, member, "messages.channel." + id));
            }
            Await.until("B's shard subscriptions are in place", () -> b.app().upstreamSubscriptionsSettled());
            for (String id : ids) {
                assertThat(onA.removeMember(owner, id, member).status()).isEqualTo(204);
            }
            for (WsClient ws : subscribed) {
                JsonNode revoked = ws.await(f -> "unsubscribed".equals(f.path("type").asText()), WAIT);
                assertThat(revoked.path("reason").asText()).isEqualTo("MEMBERSHIP_REVOKED");
            }
            for (int i = 0; i < ids.size(); i++) {
                a.api().sendToChannel(owner, ids.get(i), "after");
            }
            for (WsClient ws : subscribed) {
                ws.expectNothing(Duration.ofMillis(100));
                assertThat(ws.received().toString()).doesNotContain("\"after\"");
            }
            Http.Response members = b.http().call("GET", "/api/channels/" + ids.get(0) + "/members")
                    .bearer(owner.token()).send();
            assertThat(members.data().toString()).doesNotContain(member.id());
        } finally {
            Closeables.closeAll(subscribed.toArray(AutoCloseable[]::new));
        }
    }

    @Test
    void history_on_topics_of_every_shard_offsets_exact_and_pattern_recovery_and_rest() throws Exception {
        Account ada = a.api().newAccount("ch-ada");
        String group = "public.ch" + UUID.randomUUID().toString().substring(0, 6);
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            topics.add(group + ".t" + i + "." + UUID.randomUUID().toString().substring(0, 4)); // 3 segments vary
        }
        long away = Long.parseLong(a.http().get("/api/time").data().path("epochMs").asText());
        Map<String, String> epochs = new LinkedHashMap<>();
        for (String topic : topics) {
            for (int n = 1; n <= 3; n++) {
                JsonNode answer = publish(n % 2 == 0 ? b : a, topic, Map.of("n", n));
                assertThat(answer.path("offset").asLong()).as(topic).isEqualTo(n);
                epochs.put(topic, answer.path("epoch").asText());
            }
        }
        for (String topic : topics) { // exact recovery on the other instance
            try (WsClient back = WsClient.connect(b.wsUri("/ws?token=" + ada.token()))) {
                Map<String, Object> frame = new LinkedHashMap<>();
                frame.put("type", "subscribe");
                frame.put("topic", topic);
                frame.put("since", Map.of("offset", 1, "epoch", epochs.get(topic)));
                back.send(frame);
                JsonNode subscribed = back.awaitType("subscribed");
                assertThat(subscribed.path("recovered").asBoolean()).as(subscribed.toString()).isTrue();
                assertThat(subscribed.path("offset").asLong()).isEqualTo(3);
                List<Long> offsets = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    offsets.add(back.await(f -> "message".equals(f.path("type").asText()), WAIT)
                            .path("offset").asLong());
                }
                assertThat(offsets).containsExactly(2L, 3L);
            }
            Http.Response history = b.http().call("GET", "/api/history?topic=" + topic + "&since=0")
                    .bearer(ada.token()).send();
            assertThat(history.status()).as(history.body()).isEqualTo(200);
            assertThat(history.data().path("offset").asLong()).isEqualTo(3);
            assertThat(history.data().path("epoch").asText()).isEqualTo(epochs.get(topic));
            assertThat(history.data().path("publications")).hasSize(3);
        }
        // A pattern whose topics spread over partitions: every partition's index is read (each its own slot).
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "subscribe");
        frame.put("topic", group + ".**");
        frame.put("since", Map.of("timestamp", away));
        try (WsClient ws = WsClient.connect(b.wsUri("/ws?token=" + ada.token()))) {
            ws.send(frame);
            JsonNode subscribed = ws.awaitType("subscribed");
            assertThat(subscribed.path("recovered").asBoolean()).as(subscribed.toString()).isTrue();
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 3 * TOPICS; i++) {
                JsonNode m = ws.await(f -> "message".equals(f.path("type").asText()), WAIT);
                replayed.add(m.path("topic").asText() + "@" + m.path("offset").asLong());
            }
            List<String> expected = new ArrayList<>();
            for (String topic : topics) {
                for (int n = 1; n <= 3; n++) {
                    expected.add(topic + "@" + n);
                }
            }
            assertThat(replayed).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static JsonNode publish(TestServer on, String topic, Object data) {
        Http.Response r = on.http().call("POST", "/api/publish").header("Authorization", "ApiKey " + KEY)
                .json(Map.of("topic", topic, "data", data)).send();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.data();
    }
}
