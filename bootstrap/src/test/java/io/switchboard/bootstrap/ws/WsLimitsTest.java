package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-connection limits (docs/websocket.md, "Limits"): WS_MAX_MESSAGE_SIZE (close 1009), WS_RATE_LIMIT (error
 * code 7, then close 1008 for a client that keeps flooding), WS_MAX_SUBSCRIPTIONS (code 2 SUBSCRIPTION_LIMIT).
 */
class WsLimitsTest {
    private static final int RATE_LIMIT = 5;
    private static final int MAX_MESSAGE_SIZE = 1024;
    private static final int MAX_SUBSCRIPTIONS = 3;
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_RATE_LIMIT", Integer.toString(RATE_LIMIT),
                "WS_MAX_MESSAGE_SIZE", Integer.toString(MAX_MESSAGE_SIZE),
                "WS_MAX_SUBSCRIPTIONS", Integer.toString(MAX_SUBSCRIPTIONS)));
        ada = server.api().newAccount("ws-limits");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Counts of open connections below are exact: nothing is left closing from an earlier test. */
    @BeforeEach
    void noConnectionLeftFromAnEarlierTest() {
        Await.until("no open WebSocket left from an earlier test", () -> server.app().openWebSockets() == 0);
    }

    private static WsClient connect() throws Exception {
        return WsClient.connect(server.wsUri("/ws?token=" + ada.token()));
    }

    /** {"type":"ping","pad":"xxx…"} of exactly {@code bytes} bytes (unknown fields are ignored). */
    private static String pingOfSize(int bytes) {
        String prefix = "{\"type\":\"ping\",\"pad\":\"";
        String suffix = "\"}";
        return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }

    @Test
    void aFrameOfTheMaximumSizePasses_oneByteMoreClosesWith1009() throws Exception {
        try (WsClient ws = connect()) {
            ws.send(pingOfSize(MAX_MESSAGE_SIZE));
            assertThat(ws.next().path("type").asText()).isEqualTo("pong");

            ws.send(pingOfSize(MAX_MESSAGE_SIZE + 1));
            assertThat(ws.awaitClose()).isEqualTo(1009);
        }
        Await.until("the connection that sent too much is gone", () -> server.app().openWebSockets() == 0);
    }

    @Test
    void aFloodGetsRateLimitedErrors_thenClose1008() throws Exception {
        try (WsClient ws = connect()) {
            // The budget, then as many refused frames, the last of which closes (more would race the close).
            for (int i = 0; i < 2 * RATE_LIMIT; i++) {
                ws.send(body("type", "ping", "id", "f" + i));
            }
            for (int i = 0; i < RATE_LIMIT; i++) {
                JsonNode pong = ws.next();
                assertThat(pong.path("type").asText()).as(pong.toString()).isEqualTo("pong");
                assertThat(pong.path("id").asText()).isEqualTo("f" + i);
            }
            JsonNode limited = ws.next();
            assertThat(limited.path("type").asText()).as(limited.toString()).isEqualTo("error");
            assertThat(limited.path("code").asInt()).isEqualTo(7);
            assertThat(limited.path("reason").asText()).isEqualTo("RATE_LIMITED");
            assertThat(limited.path("details").path("retryAfterSeconds").asLong()).isPositive();

            assertThat(ws.awaitClose()).isEqualTo(1008);
            assertThat(ws.received()).filteredOn(f -> "pong".equals(f.path("type").asText())).hasSize(RATE_LIMIT);
        }
    }

    @Test
    void binaryFramesCountAgainstTheRateLimitToo() throws Exception {
        try (WsClient ws = connect()) {
            byte[] frame = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
            // Exactly the frames that end in the close (the budget, then as many refused ones): sending more would
            // race the client's own writes against the server's close (a broken pipe, seen as 1006).
            for (int i = 0; i < 2 * RATE_LIMIT; i++) {
                ws.sendBinary(frame);
            }
            assertThat(ws.awaitClose()).as("close; broken by: %s", ws.error()).isEqualTo(1008);
            assertThat(ws.received()).filteredOn(f -> f.path("code").asInt() == 1).hasSize(RATE_LIMIT);
            assertThat(ws.received()).anyMatch(f -> f.path("code").asInt() == 7);
        }
    }

    @Test
    void pingControlFramesCountAgainstTheRateLimit_asTextFramesDo() throws Exception {
        try (WsClient ws = connect()) {
            for (int i = 0; i < 4 * RATE_LIMIT; i++) {
                ws.sendPing(new byte[] {(byte) i});
            }
            JsonNode limited = ws.await(f -> "error".equals(f.path("type").asText()), WsClient.DEFAULT_WAIT);
            assertThat(limited.path("code").asInt()).as(limited.toString()).isEqualTo(7);
            assertThat(limited.path("reason").asText()).isEqualTo("RATE_LIMITED");
            assertThat(limited.path("details").path("retryAfterSeconds").asLong()).isPositive();
            assertThat(ws.awaitClose()).isEqualTo(1008);
        }
        Await.until("the flooding connection is gone", () -> server.app().openWebSockets() == 0);
    }

    @Test
    void pongRepliesCountAgainstTheOutboundBound_soAPingerThatNeverReadsIsDroppedAsASlowConsumer() throws Exception {
        // No rate limit, and the default ping timeout (60 s): only the outbound bound can stop this client.
        try (TestServer unlimited = TestServer.start(Map.of("WS_RATE_LIMIT", "0", "WS_MAX_QUEUED_BYTES", "16384"))) {
            Account bob = unlimited.api().newAccount("ws-pinger");
            try (WsClient ws = WsClient.connect(unlimited.wsUri("/ws?token=" + bob.token()))) {
                Await.until("the pinger is open", () -> unlimited.app().openWebSockets() == 1);
                ws.pauseReading();
                byte[] payload = new byte[125];
                // Up to about 25 MiB of pongs, far more than the socket buffers between server and client hold.
                for (int i = 0; i < 200_000; i++) {
                    ws.sendPing(payload);
                    if (i % 5_000 == 0 && slowConsumerDrops(unlimited) > 0) {
                        break;
                    }
                }
                Await.until("the pinger that never reads is dropped as a slow consumer", Duration.ofSeconds(20),
                        () -> slowConsumerDrops(unlimited) > 0);
                // Closed with 1013 as a slow consumer (that close frame waits behind what the client does not read).
                ws.disconnect();
            }
            Await.until("the pinger is gone on the server", () -> unlimited.app().openWebSockets() == 0);
        }
    }

    private static double slowConsumerDrops(TestServer target) {
        Matcher m = Pattern.compile("^switchboard_ws_dropped_total\\{reason=\"slow_consumer\"} (\\S+)$",
                Pattern.MULTILINE).matcher(target.http().get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void subscriptionsPastTheLimitAreRefusedWithSubscriptionLimit() throws Exception {
        try (WsClient ws = connect()) {
            ws.send(body("type", "subscribe", "topics", List.of("public.a", "public.b", "public.c", "public.d"),
                    "id", "many"));
            for (String topic : List.of("public.a", "public.b", "public.c")) {
                JsonNode reply = ws.next();
                assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("subscribed");
                assertThat(reply.path("topic").asText()).isEqualTo(topic);
                ws.nextOwnJoin(topic, ada.id());
            }
            JsonNode refused = ws.next();
            assertThat(refused.path("type").asText()).as(refused.toString()).isEqualTo("error");
            assertThat(refused.path("code").asInt()).isEqualTo(2);
            assertThat(refused.path("reason").asText()).isEqualTo("SUBSCRIPTION_LIMIT");
            assertThat(refused.path("topic").asText()).isEqualTo("public.d");
            assertThat(refused.path("id").asText()).isEqualTo("many");

            // Subscribing again to a topic it holds takes no new slot; unsubscribing frees one.
            ws.send(body("type", "subscribe", "topic", "public.a"));
            assertThat(ws.next().path("type").asText()).isEqualTo("subscribed");
            ws.send(body("type", "unsubscribe", "topic", "public.b"));
            assertThat(ws.next().path("type").asText()).isEqualTo("unsubscribed");
            ws.send(body("type", "subscribe", "topic", "public.d"));
            JsonNode now = ws.next();
            assertThat(now.path("type").asText()).as(now.toString()).isEqualTo("subscribed");
            assertThat(now.path("topic").asText()).isEqualTo("public.d");
        }
    }
}
