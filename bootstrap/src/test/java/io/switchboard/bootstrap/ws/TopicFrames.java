package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.WsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Small steps of the topic dialect that many tests take, each checked strictly (the very next frames). */
final class TopicFrames {
    private static final AtomicLong IDS = new AtomicLong();

    private TopicFrames() {
    }

    /**
     * Subscribes to every topic in one frame and checks the next frames are one `subscribed` per topic, each
     * presence topic's followed by the user's own `presence.join` (the connection's user was not present on it).
     */
    static void subscribe(WsClient ws, String... topics) throws InterruptedException {
        String id = "sub-" + IDS.incrementAndGet();
        ws.send(body("type", "subscribe", "topics", List.of(topics), "id", id));
        for (String topic : topics) {
            JsonNode reply = ws.next();
            assertThat(reply.path("type").asText()).as("reply to subscribing %s: %s", topic, reply)
                    .isEqualTo("subscribed");
            assertThat(reply.path("topic").asText()).isEqualTo(topic);
            assertThat(reply.path("id").asText()).isEqualTo(id);
            if (isPresenceTopic(topic)) {
                ws.nextOwnJoin(topic, userIdOf(ws));
            }
        }
    }

    /**
     * Subscribes a connection whose user is already present on every topic (through another connection) and checks
     * the next frames are one `subscribed` per topic and nothing else: no second join is announced.
     */
    static void subscribeAlreadyPresent(WsClient ws, String... topics) throws InterruptedException {
        String id = "sub-" + IDS.incrementAndGet();
        ws.send(body("type", "subscribe", "topics", List.of(topics), "id", id));
        for (String topic : topics) {
            JsonNode reply = ws.next();
            assertThat(reply.path("type").asText()).as("reply to subscribing %s: %s", topic, reply)
                    .isEqualTo("subscribed");
            assertThat(reply.path("topic").asText()).isEqualTo(topic);
            assertThat(reply.path("id").asText()).isEqualTo(id);
        }
    }

    /** The user of an authenticated connection: its latest `auth_success` (at the upgrade or by an auth frame). */
    static String userIdOf(WsClient ws) {
        String userId = ws.ready() == null ? null : ws.ready().path("userId").asText();
        for (JsonNode frame : ws.received()) {
            if ("auth_success".equals(frame.path("type").asText())) {
                userId = frame.path("userId").asText();
            }
        }
        assertThat(userId).as("an authenticated connection").isNotNull();
        return userId;
    }

    static boolean isPresenceTopic(String topic) {
        return WsClient.isPresenceTopic(topic);
    }

    /**
     * Sends a `message` frame and returns its `published` reply. Frames before the reply are skipped (still in
     * {@link WsClient#received()}): a publisher subscribed to its own topic gets the delivery before the reply.
     */
    static JsonNode publish(WsClient ws, String topic, String content) throws InterruptedException {
        String id = "pub-" + IDS.incrementAndGet();
        ws.send(body("type", "message", "topic", topic, "content", content, "id", id));
        JsonNode reply = ws.await(f -> id.equals(f.path("id").asText()), WsClient.DEFAULT_WAIT);
        assertThat(reply.path("type").asText()).as("reply to publishing on %s: %s", topic, reply)
                .isEqualTo("published");
        assertThat(reply.path("id").asText()).isEqualTo(id);
        assertThat(reply.path("topic").asText()).isEqualTo(topic);
        return reply;
    }

    /** Sends a frame and returns the very next frame, which must be an error with {@code code}. */
    static JsonNode expectError(WsClient ws, Map<String, ?> frame, int code) throws InterruptedException {
        ws.send(frame);
        JsonNode reply = ws.next();
        assertThat(reply.path("type").asText()).as("reply to %s: %s", frame, reply).isEqualTo("error");
        assertThat(reply.path("code").asInt()).as("code of %s", reply).isEqualTo(code);
        assertThat(reply.path("reason").asText()).isNotBlank();
        assertThat(reply.path("message").asText()).isNotBlank();
        assertThat(reply.path("timestamp").asText()).isNotBlank();
        return reply;
    }

    /**
     * Proves the connection still answers: a ping with a fresh id gets its pong. Presence events (another user's
     * `presence.join` / `presence.leave` on a topic this connection holds) may come in between and are skipped.
     */
    static void assertAlive(WsClient ws) throws InterruptedException {
        String id = "ping-" + IDS.incrementAndGet();
        ws.send(body("type", "ping", "id", id));
        JsonNode pong = ws.next();
        while ("message".equals(pong.path("type").asText())
                && pong.path("eventType").asText().startsWith("presence.")) {
            pong = ws.next();
        }
        assertThat(pong.path("type").asText()).as("reply to ping: %s", pong).isEqualTo("pong");
        assertThat(pong.path("id").asText()).isEqualTo(id);
    }

    /** Topics of the `message` deliveries received so far, in order. */
    static List<String> deliveredTopics(WsClient ws) {
        List<String> topics = new ArrayList<>();
        for (JsonNode frame : ws.received()) {
            if ("message".equals(frame.path("type").asText())) {
                topics.add(frame.path("topic").asText());
            }
        }
        return topics;
    }
}
