package io.switchboard.bootstrap.ws;

import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.RawWebSocket;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribeAlreadyPresent;
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
 * <p>When the queue passes its bound, the frames still queued are dropped and the 1013 close frame follows what the
 * socket already holds (at most 64 KiB more). A client that reads again within the close grace (WS_PING_TIMEOUT_MS)
 * gets it; one that never reads is cut off without it (1006 on its side) and is gone from the server all the same.
 */
class WsSlowConsumerTest {
    private static final int MESSAGES = 1000;
    /** Messages a paced flood sends before waiting for the reader: 16 x 8 KB, half the queue bound. */
    private static final int WINDOW = 16;
    private static final String CONTENT = "x".repeat(8000);
    private static final Duration LONG_WAIT = Duration.ofSeconds(60); // 8 MB through a JSON-parsing client on a loaded CI machine
    /** How long a slow consumer that was told 1013 may take to start reading again (WS_PING_TIMEOUT_MS). */
    private static final long PING_TIMEOUT_MS = 8_000;
    private static TestServer server;
    private static Account ada;

    @BeforeAll
    static void start() {
        // 256 KiB: 32 frames of 8 KB; a reader that keeps up never reaches it, one that stops reading soon does.
        server = TestServer.start(Map.of("WS_MAX_QUEUED_BYTES", "262144", "WS_RATE_LIMIT", "0",
                "WS_PING_INTERVAL_MS", "2000", "WS_PING_TIMEOUT_MS", Long.toString(PING_TIMEOUT_MS)));
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

    /** Frames of {@code type}, or for "client.message" the broadcasts (not the reader's own presence.join). */
    private static long count(WsClient ws, String type) {
        return ws.received().stream().filter(f -> type.equals(f.path("type").asText())
                || type.equals(f.path("eventType").asText())).count();
    }

    /** Publishes {@link #MESSAGES} broadcasts on {@code topic} and waits until every one was acknowledged. */
    private static void flood(WsClient publisher, String topic) {
        flood(publisher, topic, null);
    }

    /**
     * As above; with a {@code reader}, in windows of {@link #WINDOW} messages, each sent once the reader has the
     * previous ones: the reader then never holds more than a window (128 KB) in the server's queue, whatever the
     * machine's scheduling, while a consumer that does not read still gets all 8 MB queued for it.
     */
    private static void flood(WsClient publisher, String topic, WsClient reader) {
        for (int i = 0; i < MESSAGES; i++) {
            if (reader != null && i % WINDOW == 0) {
                int sent = i;
                Await.until("the reader kept up", LONG_WAIT, () -> count(reader, "client.message") >= sent);
            }
            publisher.send(body("type", "message", "topic", topic, "content", CONTENT, "id", "m" + i));
        }
        Await.until("every publish acknowledged", LONG_WAIT, () -> count(publisher, "published") == MESSAGES);
        assertThat(count(publisher, "error")).isZero();
    }

    @Test
    void aSlowConsumerIsClosedWith1013_whileAReadingSubscriberGetsEveryMessage() throws Exception {
        try (WsClient publisher = connect(); WsClient reader = connect(); WsClient slow = connect()) {
            subscribe(reader, "public.slow.one");
            subscribeAlreadyPresent(slow, "public.slow.one"); // the same user as the reader
            Await.until("three connections open", () -> server.app().openWebSockets() == 3);
            slow.pauseReading();

            flood(publisher, "public.slow.one", reader);

            Await.until("the reader got every message", LONG_WAIT,
                    () -> count(reader, "client.message") == MESSAGES);
            // The server decided during the flood; reading now drains what was buffered, then the close frame.
            slow.resumeReading();
            assertThat(slow.awaitClose(LONG_WAIT)).isEqualTo(1013);
            assertThat(count(slow, "client.message")).as("the slow consumer missed messages").isLessThan(MESSAGES);
            Await.until("the slow consumer is gone on the server", () -> server.app().openWebSockets() == 2);
            assertThat(reader.isClosed()).isFalse();
        }
    }

    @Test
    void aConsumerThatResumesReadingWithinThePingTimeoutReads1013RightAfterWhatTheSocketHeld() throws Exception {
        try (WsClient publisher = connect();
             RawWebSocket slow = RawWebSocket.connect(server.port(), "/ws?token=" + ada.token(), 4096)) {
            // The ready frame of a connection authenticated at the upgrade comes first.
            assertThat(slow.read(Duration.ofSeconds(5)).text()).contains("\"auth_success\"");
            slow.sendText("{\"type\":\"subscribe\",\"topic\":\"public.slow.raw\"}");
            RawWebSocket.Frame subscribed = slow.read(Duration.ofSeconds(5));
            assertThat(subscribed.text()).contains("\"subscribed\"");
            Await.until("two connections open", () -> server.app().openWebSockets() == 2);
            double dropsBefore = slowConsumerDrops();

            // The raw client reads nothing from here on: the kernel buffers fill, then the server's queue.
            flood(publisher, "public.slow.raw");
            Await.until("the server gave up on the slow consumer", LONG_WAIT,
                    () -> slowConsumerDrops() > dropsBefore);

            // The client stays away longer than the old 2 s cut-off, but less than WS_PING_TIMEOUT_MS.
            stayAway(Duration.ofMillis(3_000));
            RawWebSocket.Frame close = slow.readUntilClose(LONG_WAIT);
            assertThat(close.closeCode()).isEqualTo(1013);
            Await.until("the slow consumer is gone on the server", () -> server.app().openWebSockets() == 1);
        }
    }

    /**
     * Not a synchronisation: the time a client spends away from its socket is what the test is about. It must be
     * longer than the grace the server used to give (2 s) and shorter than WS_PING_TIMEOUT_MS.
     */
    private static void stayAway(Duration away) {
        long until = System.nanoTime() + away.toNanos();
        while (System.nanoTime() - until < 0) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    private static double slowConsumerDrops() {
        String metrics = server.http().get("/metrics").body();
        Matcher m = Pattern.compile("^switchboard_ws_dropped_total\\{reason=\"slow_consumer\"} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aConsumerThatNeverReadsIsCutOffAfterTheCloseGrace() throws Exception {
        try (WsClient publisher = connect(); WsClient reader = connect(); WsClient dead = connect()) {
            subscribe(reader, "public.slow.two");
            subscribeAlreadyPresent(dead, "public.slow.two"); // the same user as the reader
            Await.until("three connections open", () -> server.app().openWebSockets() == 3);
            assertThat(server.app().subscriptions()).isEqualTo(2);
            dead.pauseReading();

            flood(publisher, "public.slow.two", reader);

            Await.until("the reader got every message", LONG_WAIT,
                    () -> count(reader, "client.message") == MESSAGES);
            Await.until("the consumer that never reads is gone on the server", LONG_WAIT,
                    () -> server.app().openWebSockets() == 2);
            assertThat(server.app().subscriptions()).isEqualTo(1);
            // Its 1013 close frame was queued behind the frames it never read; the server cut the socket after the
            // grace (WS_PING_TIMEOUT_MS). Reading now yields what the kernel had buffered, then either an end without
            // a close frame (1006) or, when the kernel's buffers still took the close frame before the cut, 1013:
            // which one depends on socket buffer sizes and timing, not on the server's policy checked above.
            dead.resumeReading();
            assertThat(dead.awaitClose(LONG_WAIT)).isIn(1006, 1013);
            assertThat(count(dead, "client.message")).isLessThan(MESSAGES);
        }
    }
}
