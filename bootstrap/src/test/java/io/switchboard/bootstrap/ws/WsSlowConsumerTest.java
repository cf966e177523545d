package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber that does not read (docs/websocket.md, close code 1013): once its outbound queue passes
 * WS_MAX_QUEUED_BYTES the server closes it with 1013, and a subscriber that reads, on the same topic, still gets
 * every message.
 *
 * <p>The queue is what the server could not hand to the kernel yet, so the publisher first has to fill the socket
 * buffers between server and client (several MiB on loopback): the tests publish {@link #MESSAGES} messages of
 * about 8 KiB, far more than those buffers hold.
 *
 * <p>Whether the client sees the 1013 depends on whether it reads again within the server's close grace (2 s):
 * the close frame waits behind the frames it did not read. One that reads again soon gets it; one that never
 * reads is cut off without it (1006 on its side) and is gone from the server all the same.
 */
class WsSlowConsumerTest {
    private static final int MESSAGES = 1000;
    private static final String CONTENT = "x".repeat(8000);
    private static final Duration LONG_WAIT = Duration.ofSeconds(20);
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("WS_MAX_QUEUED_BYTES", "65536", "WS_RATE_LIMIT", "0"));
        ada = server.api().newAccount("ws-slow");
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

    private static long count(WsClient ws, String type) {
        return ws.received().stream().filter(f -> type.equals(f.path("type").asText())).count();
    }

    /** Publishes {@link #MESSAGES} broadcasts on {@code topic} and waits until every one was acknowledged. */
    private static void flood(WsClient publisher, String topic) {
        for (int i = 0; i < MESSAGES; i++) {
            publisher.send(body("type", "message", "topic", topic, "content", CONTENT, "id", "m" + i));
        }
        Await.until("every publish acknowledged", LONG_WAIT, () -> count(publisher, "published") == MESSAGES);
        assertThat(count(publisher, "error")).isZero();
    }

    @Test
    void aSlowConsumerIsClosedWith1013_whileAReadingSubscriberGetsEveryMessage() throws Exception {
        try (WsClient publisher = connect(); WsClient reader = connect(); WsClient slow = connect()) {
            subscribe(reader, "public.slow.one");
            subscribe(slow, "public.slow.one");
            Await.until("three connections open", () -> server.app().openWebSockets() == 3);
            slow.pauseReading();

            flood(publisher, "public.slow.one");

            Await.until("the reader got every message", LONG_WAIT, () -> count(reader, "message") == MESSAGES);
            // The server decided during the flood; reading now drains what was buffered, then the close frame.
            slow.resumeReading();
            assertThat(slow.awaitClose(LONG_WAIT)).isEqualTo(1013);
            assertThat(count(slow, "message")).as("the slow consumer missed messages").isLessThan(MESSAGES);
            Await.until("the slow consumer is gone on the server", () -> server.app().openWebSockets() == 2);
            assertThat(reader.isClosed()).isFalse();
        }
    }

    @Test
    void aConsumerThatNeverReadsIsCutOffAfterTheCloseGrace() throws Exception {
        try (WsClient publisher = connect(); WsClient reader = connect(); WsClient dead = connect()) {
            subscribe(reader, "public.slow.two");
            subscribe(dead, "public.slow.two");
            Await.until("three connections open", () -> server.app().openWebSockets() == 3);
            assertThat(server.app().subscriptions()).isEqualTo(2);
            dead.pauseReading();

            flood(publisher, "public.slow.two");

            Await.until("the reader got every message", LONG_WAIT, () -> count(reader, "message") == MESSAGES);
            Await.until("the consumer that never reads is gone on the server", LONG_WAIT,
                    () -> server.app().openWebSockets() == 2);
            assertThat(server.app().subscriptions()).isEqualTo(1);
            // Its 1013 close frame was queued behind the frames it never read, so it never got out: the server cut
            // the socket after the grace. Reading now yields what the kernel had buffered, then an end without a
            // close frame (1006), not 1013.
            dead.resumeReading();
            assertThat(dead.awaitClose(LONG_WAIT)).isEqualTo(1006);
            assertThat(count(dead, "message")).isLessThan(MESSAGES);
        }
    }
}
