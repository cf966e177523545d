package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.assertAlive;
import static io.switchboard.bootstrap.ws.TopicFrames.expectError;
import static org.assertj.core.api.Assertions.assertThat;

/** The topic dialect's frames that are not about topics: ping, and what a malformed frame gets (code 1, no close). */
class WsProtocolTest {
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ada = server.api().newAccount("ws-protocol");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WsClient connect() throws Exception {
        return WsClient.connect(server.wsUri("/ws?token=" + ada.token()));
    }

    @Test
    void pingGetsPongWithTheIdAndATimestamp() throws Exception {
        try (WsClient ws = connect()) {
            ws.send(body("type", "ping", "id", "p-1"));
            JsonNode pong = ws.next();
            assertThat(pong.path("type").asText()).isEqualTo("pong");
            assertThat(pong.path("id").asText()).isEqualTo("p-1");
            assertThat(Instant.parse(pong.path("timestamp").asText())).isNotNull();

            ws.send(body("type", "ping"));
            JsonNode bare = ws.next();
            assertThat(bare.path("type").asText()).isEqualTo("pong");
            assertThat(bare.has("id")).isFalse();
        }
    }

    @Test
    void malformedJsonIsCode1_andTheConnectionStaysUsable() throws Exception {
        try (WsClient ws = connect()) {
            for (String text : new String[] {"{not json", "", "[1,2]", "\"ping\"", "{\"type\":\"ping\"} trailing"}) {
                ws.send(text);
                JsonNode error = ws.next();
                assertThat(error.path("type").asText()).as("reply to %s: %s", text, error).isEqualTo("error");
                assertThat(error.path("code").asInt()).as("reply to %s", text).isEqualTo(1);
                assertAlive(ws);
            }
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void anUnknownOrMissingTypeIsCode1_withTheIdEchoed() throws Exception {
        try (WsClient ws = connect()) {
            JsonNode unknown = expectError(ws, body("type", "shout", "id", "x1"), 1);
            assertThat(unknown.path("id").asText()).isEqualTo("x1");
            expectError(ws, body("id", "x2"), 1);
            expectError(ws, body("type", 5), 1);
            expectError(ws, body("type", "PING"), 1);
            assertAlive(ws);
        }
    }

    @Test
    void anIdLongerThan64CharactersIsCode1() throws Exception {
        try (WsClient ws = connect()) {
            JsonNode error = expectError(ws, body("type", "ping", "id", "i".repeat(65)), 1);
            assertThat(error.has("id")).isFalse();
            ws.send(body("type", "ping", "id", "i".repeat(64)));
            assertThat(ws.next().path("id").asText()).hasSize(64);
        }
    }

    @Test
    void aBinaryFrameIsCode1() throws Exception {
        try (WsClient ws = connect()) {
            ws.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.next().path("code").asInt()).isEqualTo(1);
            assertAlive(ws);
        }
    }

    @Test
    void publishingToAPatternIsCode2() throws Exception {
        try (WsClient ws = connect()) {
            for (String pattern : new String[] {"public.*", "public.**", "messages.channel.*", "**"}) {
                JsonNode error = expectError(ws, body("type", "message", "topic", pattern, "content", "hi"), 2);
                assertThat(error.path("message").asText()).as(pattern).containsIgnoringCase("pattern");
            }
            assertAlive(ws);
        }
    }
}
