package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis, one thread per instance hands what other instances publish to local subscribers. A subscription
 * with a chain of `**` on B must not pin that thread when A publishes to a long topic: the delivery arrives, and so
 * does everything published after it (docs/decisions.md, "Hardening: topics"). The deadline only bounds a hang.
 */
class RedisPatternCostTest {
    private static final Duration GENEROUS = Duration.ofSeconds(5);
    private static RedisServerFixture redis;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        redis = RedisServerFixture.start();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix());
        a = TestServer.start(shared);
        b = TestServer.start(shared);
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(a, b, redis);
    }

    @Test
    void aLongTopicPublishedOnAReachesAChainOfDoubleWildcardsOnBAndTheFanoutGoesOn() throws Exception {
        Account ada = a.api().newAccount("redis-cost-chain");
        String alternating = "public" + ".**.*".repeat(15); // 31 segments, nothing to collapse
        String runOfAny = "public.deep" + ".**".repeat(30); // collapses to public.deep.**
        String longTopic = "public.deep" + ".a".repeat(30); // 32 segments
        try (WsClient onB = WsClient.connect(b.wsUri("/ws?token=" + ada.token()));
             WsClient onA = WsClient.connect(a.wsUri("/ws?token=" + ada.token()))) {
            onB.send(Map.of("type", "subscribe", "topics", List.of(alternating, runOfAny, "public.after")));
            for (int i = 0; i < 3; i++) {
                assertThat(onB.next().path("type").asText()).isEqualTo("subscribed");
            }
            Await.until("upstream subscriptions settled", () -> b.app().upstreamSubscriptionsSettled());

            onA.send(Map.of("type", "message", "topic", longTopic, "content", "deep"));
            onA.send(Map.of("type", "message", "topic", "public.after", "content", "after"));

            JsonNode deep = onB.await(f -> longTopic.equals(f.path("topic").asText()), GENEROUS);
            assertThat(deep.path("data").path("content").asText()).isEqualTo("deep");
            onB.await(f -> "public.after".equals(f.path("topic").asText()), GENEROUS);
            assertThat(onB.received()).filteredOn(f -> longTopic.equals(f.path("topic").asText())).hasSize(1);
        }
    }
}
