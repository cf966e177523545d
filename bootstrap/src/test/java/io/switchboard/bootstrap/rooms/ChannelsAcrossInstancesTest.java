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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Channel changes made on one instance take effect on the live connections of another (Redis). */
class ChannelsAcrossInstancesTest {
    /** A message, not a presence event on the same topic (the revoked member's leave reaches members). */
    private static final java.util.function.Predicate<JsonNode> SENT =
            f -> "message.sent".equals(f.path("eventType").asText());
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
    void a_member_removed_on_A_is_cut_at_once_on_B_and_a_member_added_later_gets_it() throws Exception {
        Account owner = a.api().newAccount("x-owner");
        Account member = a.api().newAccount("x-member");
        Account later = a.api().newAccount("x-later");
        String id = "x-" + UUID.randomUUID().toString().substring(0, 8);
        Rooms onA = new Rooms(a);
        assertThat(onA.declare(owner, id, true).status()).isEqualTo(201);
        assertThat(onA.addMember(owner, id, member, null).status()).isEqualTo(201);

        try (WsClient exact = WsClient.subscribed(b, member, "messages.channel." + id);
             WsClient pattern = WsClient.subscribed(b, later, "messages.channel.*")) {
            a.api().sendToChannel(owner, id, "one");
            assertThat(exact.await(SENT, Duration.ofSeconds(5)).path("data").path("content").asText()).isEqualTo("one");

            assertThat(onA.addMember(owner, id, later, null).status()).isEqualTo(201);
            a.api().sendToChannel(owner, id, "two");
            assertThat(pattern.await(SENT, Duration.ofSeconds(5)).path("data").path("content").asText()).isEqualTo("two");

            assertThat(onA.removeMember(owner, id, member).status()).isEqualTo(204);
            assertThat(onA.removeMember(owner, id, later).status()).isEqualTo(204);
            JsonNode revoked = exact.await(f -> "unsubscribed".equals(f.path("type").asText()),
                    Duration.ofSeconds(5));
            assertThat(revoked.path("reason").asText()).isEqualTo("MEMBERSHIP_REVOKED");
            a.api().sendToChannel(owner, id, "three");
            String open = "open-" + UUID.randomUUID().toString().substring(0, 8);
            a.api().sendToChannel(owner, open, "marker");
            assertThat(pattern.await(SENT, Duration.ofSeconds(5)).path("data").path("content").asText()).isEqualTo("marker");
            exact.expectNothing(Duration.ofMillis(300));
            assertThat(exact.received().toString()).doesNotContain("three");
        }
    }
}
