package io.switchboard.bootstrap.ops;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Http;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /metrics parses as Prometheus text and moves when traffic flows. */
class OpsMetricsTest {
    private static final String POST_MESSAGES =
            "switchboard_http_requests_total{method=\"POST\",route=\"/api/messages\",status=\"201\"}";
    private static TestServer server;

    @BeforeAll
    static void start() {
        // Small outbound queues and no inbound frame limit, so a burst of publications overflows a paused reader.
        server = TestServer.start(Map.of("WS_MAX_QUEUED_BYTES", "65536", "WS_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Double> scrape() {
        Http.Response response = server.http().get("/metrics");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    static double value(String series) {
        return scrape().getOrDefault(series, 0.0);
    }

    @Test
    void theScrapeIsPrometheusText_withJvmMemoryGcAndThreads() {
        Map<String, Double> samples = scrape();

        assertThat(samples).containsKey("jvm_memory_used_bytes{area=\"heap\"}");
        assertThat(samples.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
        assertThat(samples).containsKey("jvm_memory_used_bytes{area=\"nonheap\"}");
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_gc_collections_total{gc="));
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_total{gc="));
        assertThat(samples.get("jvm_threads_live")).isPositive();
        assertThat(samples).containsEntry("switchboard_pubsub_outbox_size", 0.0);
    }

    @Test
    void aPostIncrementsItsCounterUnderTheRouteTemplate_andRawPathsNeverBecomeLabels() {
        Account ada = server.api().newAccount("metrics");
        double before = value(POST_MESSAGES);

        server.api().sendToChannel(ada, "metrics", "counted");
        String unknownId = UUID.randomUUID().toString();
        server.api().getMessage(ada.token(), unknownId);

        Http.Response response = server.http().get("/metrics");
        Map<String, Double> after = PrometheusText.parse(response.body());
        assertThat(after.get(POST_MESSAGES)).isEqualTo(before + 1);
        assertThat(after).containsKey(
                "switchboard_http_request_duration_seconds_count{method=\"POST\",route=\"/api/messages\",status=\"201\"}");
        assertThat(after).containsKey(
                "switchboard_http_requests_total{method=\"GET\",route=\"/api/messages/{id}\",status=\"404\"}");
        assertThat(response.body()).doesNotContain(unknownId).doesNotContain(ada.id()).doesNotContain(ada.email());
        assertThat(after.get("switchboard_pubsub_published_total{event_type=\"message.sent\"}")).isPositive();
    }

    @Test
    void aSessionOperationIsCountedByOpAndResult() {
        Account ada = server.api().newAccount("metrics-session");
        String created = "switchboard_session_operations_total{op=\"create\",result=\"ok\"}";
        String missing = "switchboard_session_operations_total{op=\"get\",result=\"SESSION_NOT_FOUND\"}";
        double createdBefore = value(created);
        double missingBefore = value(missing);

        Http.Response response = server.http().call("POST", "/api/sessions").bearer(ada.token())
                .json(Map.of("syncMode", "per_participant", "totalTimeMs", 60000,
                        "participants", List.of(Map.of("participantId", "a"), Map.of("participantId", "b"))))
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        server.http().call("GET", "/api/sessions/" + UUID.randomUUID()).bearer(ada.token()).send();

        Map<String, Double> after = scrape();
        assertThat(after.get(created)).isEqualTo(createdBefore + 1);
        assertThat(after.get(missing)).isEqualTo(missingBefore + 1);
        assertThat(after.get("switchboard_session_operation_duration_seconds_count{op=\"create\"}")).isPositive();
    }

    @Test
    void theConnectionGaugeFollowsAWebSocket_andFramesAreCountedByType() throws Exception {
        Account ada = server.api().newAccount("metrics-ws");
        String gauge = "switchboard_ws_connections{dialect=\"topic\"}";
        String framesIn = "switchboard_ws_frames_in_total{type=\"ping\"}";
        double framesBefore = value(framesIn);
        double openBefore = value(gauge);

        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            ws.send(Map.of("type", "ping"));
            ws.awaitType("pong");
            Await.until("the gauge counts the connection", () -> value(gauge) == openBefore + 1);
            assertThat(value(framesIn)).isEqualTo(framesBefore + 1);
            assertThat(value("switchboard_ws_frames_out_total{type=\"pong\"}")).isPositive();
        }
        Await.until("the gauge lets the connection go", () -> value(gauge) == openBefore);
        assertThat(scrape().keySet()).anyMatch(k -> k.startsWith("switchboard_ws_connections_closed_total{"));
    }

    @Test
    void aSlowConsumerIsDroppedAndCounted() throws Exception {
        String dropped = "switchboard_ws_dropped_total{reason=\"slow_consumer\"}";
        double before = value(dropped);
        Account reader = server.api().newAccount("slow-reader");
        Account writer = server.api().newAccount("fast-writer");
        String blob = "x".repeat(16 * 1024);

        try (WsClient slow = WsClient.connect(server.wsUri("/ws?token=" + reader.token()));
             WsClient publisher = WsClient.connect(server.wsUri("/ws?token=" + writer.token()))) {
            slow.send(Map.of("type", "subscribe", "topic", "public.*"));
            slow.awaitType("subscribed");
            slow.pauseReading();

            // Enough to fill the socket buffers between the two, then the server's 64 KiB queue: at most 64 MiB.
            for (int i = 0; i < 4096 && value(dropped) == before; i++) {
                publisher.send(Map.of("type", "message", "topic", "public.burst", "data", Map.of("blob", blob)));
                if (i % 32 == 31) {
                    publisher.await(f -> "published".equals(f.path("type").asText()), Duration.ofSeconds(10));
                }
            }
            Await.until("a slow-consumer drop is counted", Duration.ofSeconds(10), () -> value(dropped) > before);
        }
    }

    @Test
    void everyMetricFamilyOfTheScrapeIsDocumentedInOperationsMd() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("switchboard.root", ".."), "docs", "operations.md"));
        Set<String> families = new TreeSet<>();
        for (String series : scrape().keySet()) {
            String name = series.replaceAll("\\{.*", "")
                    .replaceAll("_(total|bucket|count|sum|created)$", "");
            families.add(name);
        }

        assertThat(families).isNotEmpty();
        assertThat(families).allSatisfy(name -> assertThat(doc).as("docs/operations.md names %s", name)
                .contains(name));
    }
}
