package io.switchboard.bootstrap.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.application.port.out.HealthCheck.Status;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.SwitchableHealthCheck;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GET /health, /health/live and /health/ready under each condition (docs/operations.md). */
class OpsHealthTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenEverythingUp_healthIs200Healthy_withUptimeVersionAndBothChecks_andNeedsNoToken() {
        server = TestServer.start();

        Http.Response response = server.http().get("/health");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("X-Request-Id")).isNotBlank();
        JsonNode body = response.json();
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        assertThat(body.path("uptimeSeconds").isIntegralNumber()).isTrue();
        assertThat(body.path("uptimeSeconds").asLong()).isNotNegative();
        assertThat(body.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        JsonNode store = body.path("checks").path("stateStore");
        assertThat(store.path("status").asText()).isEqualTo("up");
        assertThat(store.path("latencyMs").isIntegralNumber()).isTrue();
        JsonNode pubsub = body.path("checks").path("pubsub");
        assertThat(pubsub.path("status").asText()).isEqualTo("up");
        assertThat(pubsub.path("adapter").asText()).isEqualTo("memory");
        assertThat(pubsub.path("outbox").asInt()).isZero();
        assertThat(server.http().get("/health/live").status()).isEqualTo(200);
        Http.Response ready = server.http().get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    }

    @Test
    void givenTheStateStoreDown_healthIs503Unhealthy_andNotReady_butLive() {
        SwitchableHealthCheck store = SwitchableHealthCheck.stateStore();
        server = TestServer.start(Map.of(), List.of(store));
        store.set(Status.DOWN);

        Http.Response health = server.http().get("/health");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asText()).isEqualTo("unhealthy");
        assertThat(health.json().path("checks").path("stateStore").path("status").asText()).isEqualTo("down");
        Http.Response ready = server.http().get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("reasons").toString()).contains("stateStore down");
        assertThat(server.http().get("/health/live").status()).isEqualTo(200);

        store.set(Status.UP);
        assertThat(server.http().get("/health").json().path("status").asText()).isEqualTo("healthy");
        assertThat(server.http().get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void givenPubSubDown_healthIs200Degraded_butNotReady() {
        SwitchableHealthCheck pubsub = SwitchableHealthCheck.pubSub();
        server = TestServer.start(Map.of(), List.of(pubsub));
        pubsub.set(Status.DOWN);

        Http.Response health = server.http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("degraded");
        assertThat(health.json().path("checks").path("pubsub").path("outbox").asInt()).isEqualTo(3);
        assertThat(server.http().get("/health/ready").status()).isEqualTo(503);
    }

    @Test
    void givenAComponentDegraded_healthIsDegraded_andStillReady() {
        SwitchableHealthCheck store = SwitchableHealthCheck.stateStore();
        server = TestServer.start(Map.of(), List.of(store));
        store.set(Status.DEGRADED);

        assertThat(server.http().get("/health").json().path("status").asText()).isEqualTo("degraded");
        assertThat(server.http().get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void whileDraining_readyIs503_newUpgradesAre503_andHealthAndLiveStillAnswer() throws Exception {
        // Four connections closed over a third of 6 s: the last one closes after about 1.5 s of draining.
        server = TestServer.start(Map.of("SHUTDOWN_TIMEOUT_MS", "6000"));
        Account ada = server.api().newAccount("drain");
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(WsClient.connect(server.wsUri("/ws?token=" + ada.token())));
        }
        Await.until("four open connections", () -> server.app().openWebSockets() == 4);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.close());
        Await.until("draining", () -> server.app().isDraining());

        Http.Response ready = server.http().get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("reasons").toString()).contains("draining");
        assertThat(server.http().get("/health/live").status()).isEqualTo(200);
        Http.Response health = server.http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("draining").asBoolean()).isTrue();
        assertThatThrownBy(() -> WsClient.connect(server.wsUri("/ws?token=" + ada.token())))
                .isInstanceOfSatisfying(WsClient.Refused.class, r -> assertThat(r.status()).isEqualTo(503));

        for (WsClient client : clients) {
            assertThat(client.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
        }
        closing.get();
        server = null;
    }

    @Test
    void healthAndMetricsAreNotRateLimited() {
        server = TestServer.start(Map.of("HTTP_RATE_LIMIT", "1"));

        for (int i = 0; i < 5; i++) {
            assertThat(server.http().get("/health").status()).isEqualTo(200);
            assertThat(server.http().get("/health/ready").status()).isEqualTo(200);
            assertThat(server.http().get("/metrics").status()).isEqualTo(200);
        }
    }
}
