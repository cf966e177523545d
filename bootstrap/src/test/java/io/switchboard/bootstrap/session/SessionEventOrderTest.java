package io.switchboard.bootstrap.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.switchboard.bootstrap.session.SessionApi.id;
import static io.switchboard.bootstrap.session.SessionApi.perParticipant;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic-dialect watcher of `sessions.{id}` never sees an older version after a newer one (docs/sessions.md),
 * however many clients switch the session at once, on one instance and on two sharing Redis: a store write and its
 * publication are two steps, so publications of adjacent versions race, and the pub/sub drops a stale one.
 */
class SessionEventOrderTest {
    private static final int THREADS = 8;
    private static final int SWITCHES_PER_THREAD = 40;

    @Test
    void inMemory_concurrentSwitches_reachATopicWatcherInStrictlyIncreasingVersions() throws Exception {
        try (TestServer server = TestServer.start(Map.of("SWITCH_RATE_LIMIT", "0", "HTTP_RATE_LIMIT", "0"))) {
            assertStrictlyIncreasing(List.of(server), server);
        }
    }

    @Test
    void onTwoRedisInstances_concurrentSwitches_reachTopicWatchersInStrictlyIncreasingVersions() throws Exception {
        try (RedisServerFixture redis = RedisServerFixture.start()) {
            Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                    RedisServerFixture.newKeyPrefix(), "SWITCH_RATE_LIMIT", "0", "HTTP_RATE_LIMIT", "0");
            try (TestServer a = TestServer.start(shared); TestServer b = TestServer.start(shared)) {
                assertStrictlyIncreasing(List.of(a, b), a, b);
            }
        }
    }

    private static void assertStrictlyIncreasing(List<TestServer> writers, TestServer... watched) throws Exception {
        TestServer first = writers.get(0);
        Account owner = first.api().newAccount("order-owner");
        Map<String, Object> body = perParticipant(600_000, "p0", "p1", "p2");
        String sessionId = (String) body.get("sessionId");
        List<WsClient> watchers = new ArrayList<>();
        try {
            for (TestServer server : watched) {
                WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + owner.token()));
                ws.send(Map.of("type", "subscribe", "topic", "sessions." + sessionId));
                ws.awaitType("subscribed");
                Await.until("upstream subscriptions settled", () -> server.app().upstreamSubscriptionsSettled());
                watchers.add(ws);
            }
            new SessionApi(first).created(owner, body);
            new SessionApi(first).ok(owner, sessionId, "start");
            long last = switchConcurrently(writers, owner, sessionId);

            for (WsClient ws : watchers) {
                ws.await(f -> f.path("data").path("state").path("version").asLong() == last,
                        Duration.ofSeconds(20));
                List<Long> versions = new ArrayList<>();
                for (JsonNode frame : ws.received()) {
                    if ("session.updated".equals(frame.path("eventType").asText())) {
                        versions.add(frame.path("data").path("state").path("version").asLong());
                    }
                }
                for (int i = 1; i < versions.size(); i++) {
                    assertThat(versions.get(i)).as("version after %s in %s", versions.get(i - 1), versions)
                            .isGreaterThan(versions.get(i - 1));
                }
                assertThat(versions).last().isEqualTo(last);
            }
        } finally {
            watchers.forEach(WsClient::close);
        }
    }

    /** Every thread switches the session in turn on each writer; returns the final version. */
    private static long switchConcurrently(List<TestServer> writers, Account owner, String sessionId)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < SWITCHES_PER_THREAD; i++) {
                        TestServer server = writers.get((thread + i) % writers.size());
                        Http.Response r = server.http().call("POST", "/api/sessions/" + sessionId + "/switch")
                                .bearer(owner.token()).send();
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return 2 + (long) THREADS * SWITCHES_PER_THREAD;
    }
}
