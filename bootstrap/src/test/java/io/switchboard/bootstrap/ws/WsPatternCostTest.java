package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static io.switchboard.bootstrap.ws.TopicFrames.publish;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patterns that would make matching expensive (docs/decisions.md, "Hardening: topics"): chains of `**` cannot pin
 * the publishing thread, a run of `**` is one subscription in its normal form, and topics and patterns have at most
 * 32 segments. Deadlines here are generous and only bound a hang; nothing asserts how fast a match is.
 */
class WsPatternCostTest {
    private static final Duration GENEROUS = Duration.ofSeconds(5);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_MAX_SUBSCRIPTIONS", "2", "HTTP_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient connect(Account account) throws Exception {
        return WsClient.authenticated(server, account);
    }

    @Test
    void aPublishToALongTopicIsAnsweredAndDeliveredOnceDespiteChainsOfDoubleWildcards() throws Exception {
        Account ada = server.api().newAccount("ws-cost-chain");
        String runOfAny = "public" + ".**".repeat(31); // 32 segments, collapses to public.**
        String alternating = "public" + ".**.*".repeat(15); // 31 segments, nothing to collapse
        String longTopic = "public" + ".a".repeat(31); // 32 segments
        try (WsClient subscriber = connect(ada); WsClient publisher = connect(ada)) {
            subscribe(subscriber, runOfAny, alternating);

            JsonNode published = publish(publisher, longTopic, "deep");

            assertThat(published.path("topic").asText()).isEqualTo(longTopic);
            JsonNode delivered = subscriber.await(f -> "message".equals(f.path("type").asText()), GENEROUS);
            assertThat(delivered.path("topic").asText()).isEqualTo(longTopic);
            assertThat(delivered.path("data").path("content").asText()).isEqualTo("deep");
            publish(publisher, "public.after", "the publishing thread is free again");
            subscriber.await(f -> "public.after".equals(f.path("topic").asText()), GENEROUS);
            assertThat(subscriber.received()).filteredOn(f -> longTopic.equals(f.path("topic").asText())).hasSize(1);
        }
    }

    @Test
    void aRunOfDoubleWildcardsIsTheSameSubscriptionAsOneDoubleWildcard() throws Exception {
        Account ada = server.api().newAccount("ws-cost-normal");
        try (WsClient ws = connect(ada)) {
            // The reply echoes the pattern as sent; the server keeps its normal form `public.n.**`.
            subscribe(ws, "public.n.**.**");
            subscribe(ws, "public.n.**"); // the same subscription: it does not take a second slot of two
            subscribe(ws, "public.other");

            // A publisher subscribed to its own topic gets the delivery before the `published` reply.
            publish(ws, "public.n.x", "once");

            ws.send(body("type", "unsubscribe", "topic", "public.n.**.**.**", "id", "u-1"));
            JsonNode unsubscribed = ws.next();
            assertThat(unsubscribed.path("type").asText()).isEqualTo("unsubscribed");
            assertThat(unsubscribed.path("topic").asText()).isEqualTo("public.n.**.**.**");
            subscribe(ws, "public.third"); // the slot is free again
            publish(ws, "public.n.y", "not delivered: unsubscribed");
            publish(ws, "public.third", "delivered");

            // (the own joins on public.other and public.third were taken by subscribe)
            assertThat(ws.received()).filteredOn(f -> "client.message".equals(f.path("eventType").asText()))
                    .extracting(f -> f.path("topic").asText()).containsExactly("public.n.x", "public.third");
        }
    }

    @Test
    void topicsAndPatternsOfMoreThan32SegmentsAreCode2() throws Exception {
        Account ada = server.api().newAccount("ws-cost-segments");
        String topic33 = "public" + ".a".repeat(32);
        String pattern33 = "public" + ".*".repeat(32);
        try (WsClient ws = connect(ada)) {
            JsonNode publishRefused = expectError(ws,
                    body("type", "message", "topic", topic33, "content", "x", "id", "p-33"), 2);
            assertThat(publishRefused.path("message").asText()).contains("32 segments");
            assertThat(publishRefused.path("id").asText()).isEqualTo("p-33");

            JsonNode subscribeRefused = expectError(ws,
                    body("type", "subscribe", "topics", List.of(pattern33), "id", "s-33"), 2);
            assertThat(subscribeRefused.path("message").asText()).contains("32 segments");
            assertThat(subscribeRefused.path("topic").asText()).isEqualTo(pattern33);

            subscribe(ws, "public" + ".*".repeat(31)); // 32 segments: allowed
        }
    }
}
