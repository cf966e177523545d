package io.switchboard.bootstrap.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DELETE /api/users/{id} takes the user out of every channel: member lists and counts, and a channel they owned
 * passes to the oldest moderator, else the oldest member, or is deleted with its messages when nobody is left.
 * In memory and on Redis.
 */
class UserDeletionLeavesChannelsTest {

    @Test
    void in_memory() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            deletingAUserLeavesEveryChannel(server);
        }
    }

    @Test
    void on_redis() throws Exception {
        RedisServerFixture redis = RedisServerFixture.start();
        TestServer server = TestServer.start(Map.of("REDIS_URL", redis.url(),
                "REDIS_KEY_PREFIX", RedisServerFixture.newKeyPrefix()));
        try {
            deletingAUserLeavesEveryChannel(server);
        } finally {
            Closeables.closeAll(server, redis);
        }
    }

    private static String newChannelId() {
        return "d-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> memberIds(Rooms rooms, Account viewer, String channelId) {
        List<String> ids = new ArrayList<>();
        rooms.get(viewer, "/api/channels/" + channelId + "/members?limit=100").json().path("data").path("items")
                .forEach(m -> ids.add(m.path("userId").asText() + ":" + m.path("role").asText()));
        return ids;
    }

    private static void deletingAUserLeavesEveryChannel(TestServer server) throws Exception {
        Rooms rooms = new Rooms(server);
        Account doomed = server.api().newAccount("doomed");
        Account older = server.api().newAccount("older-member");
        Account moderator = server.api().newAccount("moderator");
        Account owner = server.api().newAccount("other-owner");
        String withModerator = newChannelId();
        String withMemberOnly = newChannelId();
        String alone = newChannelId();
        String joined = newChannelId();

        assertThat(rooms.declare(doomed, withModerator, true).status()).isEqualTo(201);
        assertThat(rooms.addMember(doomed, withModerator, older, null).status()).isEqualTo(201);
        assertThat(rooms.addMember(doomed, withModerator, moderator, "moderator").status()).isEqualTo(201);
        assertThat(rooms.declare(doomed, withMemberOnly, false).status()).isEqualTo(201);
        assertThat(rooms.addMember(older, withMemberOnly, older, null).status()).isEqualTo(201);
        assertThat(rooms.declare(doomed, alone, false).status()).isEqualTo(201);
        server.api().sendToChannel(doomed, alone, "soon gone");
        assertThat(rooms.declare(owner, joined, false).status()).isEqualTo(201);
        assertThat(rooms.addMember(doomed, joined, doomed, null).status()).isEqualTo(201);

        try (WsClient watcher = WsClient.subscribed(server, moderator, "channels." + withModerator)) {
            assertThat(server.api().deleteUser(doomed.token(), doomed.id()).status()).isEqualTo(204);

            JsonNode removed = watcher.await(f -> "channel.member_removed".equals(f.path("eventType").asText()),
                    Duration.ofSeconds(5));
            assertThat(removed.path("data").path("member").path("userId").asText()).isEqualTo(doomed.id());
            JsonNode updated = watcher.await(f -> "channel.updated".equals(f.path("eventType").asText()),
                    Duration.ofSeconds(5));
            assertThat(updated.path("data").path("ownerId").asText()).isEqualTo(moderator.id());
        }

        // an owned channel passes to the oldest moderator before any older plain member
        JsonNode first = rooms.get(moderator, "/api/channels/" + withModerator).json().path("data");
        assertThat(first.path("ownerId").asText()).isEqualTo(moderator.id());
        assertThat(first.path("memberCount").asLong()).isEqualTo(2);
        assertThat(memberIds(rooms, moderator, withModerator))
                .containsExactly(older.id() + ":member", moderator.id() + ":owner");
        // ... else to the oldest member
        JsonNode second = rooms.get(older, "/api/channels/" + withMemberOnly).json().path("data");
        assertThat(second.path("ownerId").asText()).isEqualTo(older.id());
        assertThat(second.path("memberCount").asLong()).isEqualTo(1);
        assertThat(memberIds(rooms, older, withMemberOnly)).containsExactly(older.id() + ":owner");
        // the new owner may manage it
        assertThat(rooms.patch(older, withMemberOnly, Map.of("name", "Mine now")).status()).isEqualTo(200);
        // nobody left: the channel is deleted, with its messages
        assertThat(rooms.get(owner, "/api/channels/" + alone).status()).isEqualTo(404);
        assertThat(server.api().listMessages(owner.token(), "channelId=" + alone).json().path("data").path("total")
                .asLong()).isZero();
        // a channel the user had joined
        JsonNode fourth = rooms.get(owner, "/api/channels/" + joined).json().path("data");
        assertThat(fourth.path("memberCount").asLong()).isEqualTo(1);
        assertThat(memberIds(rooms, owner, joined)).containsExactly(owner.id() + ":owner");
        // the per-user channel index: the new owners list their channels
        assertThat(rooms.get(older, "/api/channels?member=true&limit=100").body())
                .contains(withModerator, withMemberOnly).doesNotContain(alone, joined);
    }
}
