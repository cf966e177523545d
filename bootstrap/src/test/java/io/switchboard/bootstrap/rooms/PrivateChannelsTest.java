package io.switchboard.bootstrap.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Channels as resources and private channels on every path, over real HTTP and WebSockets (one instance). */
class PrivateChannelsTest {
    private static TestServer server;
    private static Rooms rooms;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("ADMIN_EMAILS", "rooms-admin@example.test,listing-admin@example.test"));
        rooms = new Rooms(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String newChannelId() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void declare_get_patch_list_and_delete_a_channel() {
        Account owner = server.api().newAccount("owner");
        Account other = server.api().newAccount("other");
        String id = newChannelId();

        Http.Response created = rooms.declare(owner, id, false);
        assertThat(created.status()).isEqualTo(201);
        JsonNode channel = created.json().path("data");
        assertThat(channel.path("channelId").asText()).isEqualTo(id);
        assertThat(channel.path("ownerId").asText()).isEqualTo(owner.id());
        assertThat(channel.path("private").asBoolean()).isFalse();
        assertThat(channel.path("memberCount").asLong()).isEqualTo(1);

        Http.Response again = rooms.declare(other, id, true);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").path("reason").asText()).isEqualTo("CHANNEL_EXISTS");

        assertThat(rooms.get(other, "/api/channels/" + id).status()).isEqualTo(200);
        assertThat(rooms.patch(other, id, Map.of("name", "Mine now")).status()).isEqualTo(403);
        Http.Response patched = rooms.patch(owner, id, Map.of("name", "Renamed", "description", "about"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("data").path("name").asText()).isEqualTo("Renamed");

        // joining a public channel oneself
        Http.Response joined = rooms.addMember(other, id, other, null);
        assertThat(joined.status()).isEqualTo(201);
        assertThat(joined.json().path("data").path("role").asText()).isEqualTo("member");
        assertThat(rooms.addMember(other, id, other, null).status()).isEqualTo(200);
        Http.Response members = rooms.get(other, "/api/channels/" + id + "/members");
        assertThat(members.json().path("data").path("total").asLong()).isEqualTo(2);
        assertThat(rooms.get(other, "/api/channels?member=true").json().path("data").path("items").toString())
                .contains(id);

        // the owner cannot leave; a member can
        assertThat(rooms.removeMember(owner, id, owner).status()).isEqualTo(403);
        assertThat(rooms.removeMember(other, id, other).status()).isEqualTo(204);

        assertThat(server.api().sendToChannel(owner, id, "will go")).isNotBlank();
        assertThat(rooms.delete(other, "/api/channels/" + id).status()).isEqualTo(403);
        assertThat(rooms.delete(owner, "/api/channels/" + id).status()).isEqualTo(204);
        assertThat(rooms.get(owner, "/api/channels/" + id).status()).isEqualTo(404);
        assertThat(server.api().listMessages(owner.token(), "channelId=" + id).json().path("data").path("total")
                .asLong()).isZero();
    }

    @Test
    void bad_input_gets_the_contracts_errors() {
        Account owner = server.api().newAccount("bad-input");
        Http.Response noName = server.http().call("POST", "/api/channels").bearer(owner.token())
                .json(Map.of("channelId", newChannelId())).send();
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().path("error").path("code").asInt()).isEqualTo(2);
        Http.Response badId = server.http().call("POST", "/api/channels").bearer(owner.token())
                .json(Map.of("channelId", "no spaces", "name", "x")).send();
        assertThat(badId.json().path("error").path("code").asInt()).isEqualTo(2);
        String id = newChannelId();
        rooms.declare(owner, id, false);
        Http.Response badRole = rooms.addMember(owner, id, server.api().newAccount("role"), "owner");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(rooms.get(owner, "/api/channels?member=maybe").status()).isEqualTo(400);
        Http.Response unknownUser = server.http().call("PUT", "/api/channels/" + id + "/members/"
                + UUID.randomUUID()).bearer(owner.token()).send();
        assertThat(unknownUser.status()).isEqualTo(404);
        assertThat(unknownUser.json().path("error").path("reason").asText()).isEqualTo("USER_NOT_FOUND");
        assertThat(server.http().call("GET", "/api/channels").send().status()).isEqualTo(401);
    }

    @Test
    void a_non_member_gets_404_403_or_error_5_on_every_path_of_a_private_channel() throws Exception {
        Account owner = server.api().newAccount("priv-owner");
        Account stranger = server.api().newAccount("stranger");
        String id = newChannelId();
        assertThat(rooms.declare(owner, id, true).status()).isEqualTo(201);
        String messageId = server.api().sendToChannel(owner, id, "secret");

        assertThat(rooms.get(stranger, "/api/channels/" + id).status()).isEqualTo(404);
        assertThat(rooms.get(stranger, "/api/channels/" + id + "/members").status()).isEqualTo(404);
        assertThat(rooms.get(stranger, "/api/channels").body()).doesNotContain(id);
        assertThat(server.api().listMessages(stranger.token(), "channelId=" + id).status()).isEqualTo(404);
        assertThat(server.api().listMessages(stranger.token(), "").body()).doesNotContain("secret");
        assertThat(server.api().getMessage(stranger.token(), messageId).status()).isEqualTo(404);
        Http.Response post = rooms.post(stranger, id, "let me in");
        assertThat(post.status()).isEqualTo(403);
        assertThat(post.json().path("error").path("reason").asText()).isEqualTo("NOT_A_MEMBER");
        assertThat(rooms.addMember(stranger, id, stranger, null).status()).isEqualTo(404);

        try (WsClient ws = WsClient.authenticated(server, stranger)) {
            ws.send(Map.of("type", "subscribe", "topic", "messages.channel." + id, "id", "s1"));
            JsonNode error = ws.awaitType("error");
            assertThat(error.path("code").asInt()).isEqualTo(5);
            assertThat(error.path("reason").asText()).isEqualTo("NOT_A_MEMBER");
            ws.send(Map.of("type", "subscribe", "topic", "channels." + id));
            assertThat(ws.awaitType("error").path("reason").asText()).isEqualTo("NOT_A_MEMBER");
            ws.send(Map.of("type", "message", "topic", "messages.channel." + id, "content", "hi"));
            assertThat(ws.awaitType("error").path("reason").asText()).isEqualTo("NOT_A_MEMBER");
        }

        // an admin may do all of it
        Account admin = server.api().newAccount("rooms-admin@example.test", "Rooms Admin", "Corr3ct-Horse!");
        assertThat(rooms.get(admin, "/api/channels/" + id).status()).isEqualTo(200);
        assertThat(server.api().getMessage(admin.token(), messageId).status()).isEqualTo(200);
    }

    /** Every page of an unfiltered listing, walked to the end: the items, and each page's total and paging. */
    private static java.util.List<JsonNode> walkUnfiltered(Account caller, int limit, long[] total) {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode data = server.api().listMessages(caller.token(), "limit=" + limit + "&page=" + page).json()
                    .path("data");
            if (page == 1) {
                total[0] = data.path("total").asLong();
            }
            assertThat(data.path("total").asLong()).as("the total of every page").isEqualTo(total[0]);
            assertThat(data.path("totalPages").asLong()).isEqualTo((total[0] + limit - 1) / limit);
            data.path("items").forEach(items::add);
            boolean last = page >= data.path("totalPages").asLong();
            assertThat(data.path("items").size()).as("page %d of %d", page, data.path("totalPages").asLong())
                    .isEqualTo(last ? (int) (total[0] - (long) (page - 1) * limit) : limit);
            assertThat(data.path("hasNext").asBoolean()).isEqualTo(!last);
            if (last) {
                return items;
            }
        }
    }

    @Test
    void an_unfiltered_listing_counts_and_pages_only_what_the_caller_may_read() {
        Account owner = server.api().newAccount("count-owner");
        Account member = server.api().newAccount("count-member");
        Account stranger = server.api().newAccount("count-stranger");
        String secret = newChannelId();
        String open = newChannelId();
        assertThat(rooms.declare(owner, secret, true).status()).isEqualTo(201);
        assertThat(rooms.addMember(owner, secret, member, null).status()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            server.api().sendToChannel(owner, secret, "hidden-" + i);
            server.api().sendToChannel(stranger, open, "visible-" + i);
        }

        long[] strangerTotal = new long[1];
        java.util.List<JsonNode> seen = walkUnfiltered(stranger, 3, strangerTotal);
        assertThat(seen).hasSize((int) strangerTotal[0]);
        assertThat(seen).noneMatch(m -> m.path("channelId").asText().equals(secret));
        assertThat(seen).filteredOn(m -> m.path("channelId").asText().equals(open)).hasSize(5);

        long[] memberTotal = new long[1];
        java.util.List<JsonNode> memberSees = walkUnfiltered(member, 3, memberTotal);
        assertThat(memberSees).filteredOn(m -> m.path("channelId").asText().equals(secret)).hasSize(5);
        assertThat(memberTotal[0]).as("the member reads the 5 private messages more").isEqualTo(strangerTotal[0] + 5);

        // removed from the channel: the member's total drops back, the owner's own messages stay theirs
        assertThat(rooms.removeMember(owner, secret, member).status()).isEqualTo(204);
        long[] after = new long[1];
        walkUnfiltered(member, 4, after);
        assertThat(after[0]).isEqualTo(strangerTotal[0]);

        Account admin = server.api().newAccount("listing-admin@example.test", "Listing Admin", "Corr3ct-Horse!");
        assertThat(server.api().listMessages(admin.token(), "limit=100").json().path("data").path("total").asLong())
                .isGreaterThanOrEqualTo(strangerTotal[0] + 5);
    }

    @Test
    void a_pattern_subscriber_gets_a_private_channel_only_while_a_member() throws Exception {
        Account owner = server.api().newAccount("pat-owner");
        Account watcher = server.api().newAccount("pat-watcher");
        String id = newChannelId();
        rooms.declare(owner, id, true);

        try (WsClient ws = WsClient.subscribed(server, watcher, "messages.channel.*")) {
            server.api().sendToChannel(owner, id, "before joining");
            String open = newChannelId();
            server.api().sendToChannel(owner, open, "an open channel");
            JsonNode first = ws.awaitType("message");
            assertThat(first.path("topic").asText()).isEqualTo("messages.channel." + open);

            assertThat(rooms.addMember(owner, id, watcher, null).status()).isEqualTo(201);
            server.api().sendToChannel(owner, id, "after joining");
            JsonNode second = ws.awaitType("message");
            assertThat(second.path("data").path("content").asText()).isEqualTo("after joining");

            assertThat(rooms.removeMember(owner, id, watcher).status()).isEqualTo(204);
            server.api().sendToChannel(owner, id, "after leaving");
            server.api().sendToChannel(owner, open, "marker");
            JsonNode third = ws.awaitType("message");
            assertThat(third.path("data").path("content").asText()).isEqualTo("marker");
        }
    }

    @Test
    void making_a_channel_private_cuts_pattern_subscribers_who_are_not_members() throws Exception {
        Account owner = server.api().newAccount("mp-owner");
        Account watcher = server.api().newAccount("mp-watcher");
        String id = newChannelId();
        rooms.declare(owner, id, false);
        Account exactWatcher = server.api().newAccount("mp-exact");
        try (WsClient ws = WsClient.subscribed(server, watcher, "messages.channel.*");
             WsClient exact = WsClient.subscribed(server, exactWatcher, "channels." + id)) {
            server.api().sendToChannel(owner, id, "public");
            assertThat(ws.awaitType("message").path("data").path("content").asText()).isEqualTo("public");
            assertThat(rooms.patch(owner, id, Map.of("private", true)).status()).isEqualTo(200);
            JsonNode revoked = exact.await(f -> "unsubscribed".equals(f.path("type").asText()), Duration.ofSeconds(5));
            assertThat(revoked.path("topic").asText()).isEqualTo("channels." + id);
            assertThat(revoked.path("reason").asText()).isEqualTo("MEMBERSHIP_REVOKED");
            server.api().sendToChannel(owner, id, "private now");
            String open = newChannelId();
            server.api().sendToChannel(owner, open, "marker");
            assertThat(ws.awaitType("message").path("data").path("content").asText()).isEqualTo("marker");
        }
    }

    @Test
    void a_removed_member_loses_the_exact_subscription_with_membership_revoked() throws Exception {
        Account owner = server.api().newAccount("rv-owner");
        Account member = server.api().newAccount("rv-member");
        String id = newChannelId();
        rooms.declare(owner, id, true);
        rooms.addMember(owner, id, member, null);
        try (WsClient ws = WsClient.subscribedAndJoined(server, member, "messages.channel." + id)) {
            server.api().sendToChannel(owner, id, "hello member");
            assertThat(ws.awaitType("message").path("data").path("content").asText()).isEqualTo("hello member");

            assertThat(rooms.removeMember(owner, id, member).status()).isEqualTo(204);
            JsonNode revoked = ws.await(f -> "unsubscribed".equals(f.path("type").asText()), Duration.ofSeconds(5));
            assertThat(revoked.path("topic").asText()).isEqualTo("messages.channel." + id);
            assertThat(revoked.path("reason").asText()).isEqualTo("MEMBERSHIP_REVOKED");
            server.api().sendToChannel(owner, id, "after removal");
            ws.expectNothing(Duration.ofMillis(300));
        }
    }
}
