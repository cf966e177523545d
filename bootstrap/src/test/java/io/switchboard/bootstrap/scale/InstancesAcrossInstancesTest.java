package io.switchboard.bootstrap.scale;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/admin/instances: every live instance, from the instance registry (Redis), and this one in memory. */
class InstancesAcrossInstancesTest {
    private static final String ADMIN = "instances-admin@example.test";

    private static JsonNode instances(TestServer server, String token, String query) {
        Http.Response response = server.http().call("GET", "/api/admin/instances" + query).bearer(token).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().path("data");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(i -> ids.add(i.path("instanceId").asText()));
        return ids;
    }

    private static String selfId(TestServer server, String token) {
        return server.http().call("GET", "/api/admin/instance").bearer(token).send().json().path("data")
                .path("instanceId").asText();
    }

    @Test
    void two_instances_on_redis_list_each_other_with_their_connections_and_a_closed_one_leaves() throws Exception {
        RedisServerFixture redis = RedisServerFixture.start();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "ADMIN_EMAILS", ADMIN, "INSTANCE_HEARTBEAT_MS", "200");
        TestServer a = TestServer.start(shared);
        TestServer b = TestServer.start(shared);
        try {
            Account admin = a.api().newAccount(ADMIN, "Instances Admin", "Corr3ct-Horse!");
            Account user = a.api().newAccount("instances-user");
            String idA = selfId(a, admin.token());
            String idB = selfId(b, admin.token());

            Await.until("both instances listed on A", () -> ids(instances(a, admin.token(), "")).size() == 2);
            JsonNode fromB = instances(b, admin.token(), "");
            assertThat(ids(fromB)).containsExactly(idA, idB); // oldest first
            assertThat(fromB.path("total").asLong()).isEqualTo(2);
            assertThat(fromB.path("items").get(1).path("self").asBoolean()).isTrue();
            assertThat(fromB.path("items").get(0).path("self").asBoolean()).isFalse();
            assertThat(fromB.path("items").get(0).path("startedAt").asText()).isNotBlank();

            try (WsClient ws = WsClient.authenticated(b, user)) {
                // B's heartbeat carries its connection count to A
                Await.until("A sees B's connection", Duration.ofSeconds(5), () -> {
                    for (JsonNode i : instances(a, admin.token(), "").path("items")) {
                        if (i.path("instanceId").asText().equals(idB) && i.path("connections").asInt() == 1
                                && i.path("topicConnections").asInt() == 1) {
                            return true;
                        }
                    }
                    return false;
                });
            }

            JsonNode firstPage = instances(a, admin.token(), "?limit=1&page=2");
            assertThat(ids(firstPage)).containsExactly(idB);
            assertThat(firstPage.path("totalPages").asLong()).isEqualTo(2);

            Http.Response notAdmin = a.http().call("GET", "/api/admin/instances").bearer(user.token()).send();
            assertThat(notAdmin.status()).isEqualTo(403);
            assertThat(a.http().call("GET", "/api/admin/instances").send().status()).isEqualTo(401);
            assertThat(a.http().call("GET", "/api/admin/instances?limit=0").bearer(admin.token()).send().status())
                    .isEqualTo(400);

            b.close(); // a clean shutdown removes its entry at once
            Await.until("B gone from A's list", () -> ids(instances(a, admin.token(), "")).equals(List.of(idA)));
        } finally {
            Closeables.closeAll(b, a, redis);
        }
    }

    @Test
    void in_memory_the_only_instance_is_this_one() {
        try (TestServer server = TestServer.start(Map.of("ADMIN_EMAILS", ADMIN))) {
            Account admin = server.api().newAccount(ADMIN, "Instances Admin", "Corr3ct-Horse!");
            JsonNode page = instances(server, admin.token(), "");
            assertThat(ids(page)).containsExactly(selfId(server, admin.token()));
            assertThat(page.path("items").get(0).path("self").asBoolean()).isTrue();
            assertThat(page.path("items").get(0).path("draining").asBoolean()).isFalse();
        }
    }
}
