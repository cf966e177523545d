package io.switchboard.bootstrap.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A real WebSocket client for end-to-end tests (Jetty's client). It records every text frame as JSON, can stop
 * reading (to play a slow consumer or a dead peer: it then neither reads frames nor answers pings), and reports
 * the close code. Every wait has a deadline.
 */
public final class WsClient implements Session.Listener, AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebSocketClient shared;

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final AtomicBoolean demandPending = new AtomicBoolean();
    private volatile Session session;
    private volatile String closeReason;
    private volatile Throwable error;
    private volatile JsonNode ready;
    private final java.util.concurrent.atomic.AtomicLong pingsUnwritten = new java.util.concurrent.atomic.AtomicLong();

    private WsClient() {
    }

    private static synchronized WebSocketClient client() throws Exception {
        if (shared == null) {
            WebSocketClient c = new WebSocketClient();
            c.getHttpClient().setMaxConnectionsPerDestination(100_000);
            c.getHttpClient().setMaxRequestsQueuedPerDestination(100_000);
            c.setMaxTextMessageSize(16 * 1024 * 1024);
            c.setIdleTimeout(Duration.ofMinutes(5));
            c.start();
            shared = c;
        }
        return shared;
    }

    /** Connects, or throws {@link Refused} with the HTTP status when the upgrade is refused. */
    public static WsClient connect(URI uri, Map<String, String> headers) throws Exception {
        WsClient ws = new WsClient();
        ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
        headers.forEach(request::setHeader);
        try {
            client().connect(ws, request).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof UpgradeException)) {
                cause = cause.getCause();
            }
            if (cause instanceof UpgradeException upgrade) {
                throw new Refused(upgrade.getResponseStatusCode(), e);
            }
            throw e;
        }
        if (authenticatedTopicUpgrade(uri, headers)) {
            // Authenticated at the upgrade, a topic-dialect connection is told so first (docs/websocket.md,
            // "Connecting"): that ready frame is taken here, so every test starts where a real client would.
            JsonNode first = ws.next();
            if (!"auth_success".equals(first.path("type").asText())) {
                ws.close();
                throw new AssertionError("the first frame of an authenticated upgrade is not auth_success: " + first);
            }
            ws.ready = first;
        }
        return ws;
    }

    /** A token in the query or an Authorization header, and no sessionId (the session dialect has no ready frame). */
    private static boolean authenticatedTopicUpgrade(URI uri, Map<String, String> headers) {
        String query = uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery();
        boolean token = query.contains("&token=") && !query.contains("&token=&") && !query.endsWith("&token=")
                || headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
        return token && !query.contains("&sessionId=");
    }

    /**
     * The `auth_success` frame a topic-dialect connection authenticated at the upgrade got first (taken by
     * {@link #connect}); null for other connections.
     */
    public JsonNode ready() {
        return ready;
    }

    public static WsClient connect(URI uri) throws Exception {
        return connect(uri, Map.of());
    }

    /** A topic-dialect connection authenticated with the account's token on the upgrade. */
    public static WsClient authenticated(TestServer server, Account account) throws Exception {
        return connect(server.wsUri("/ws?token=" + account.token()));
    }

    /**
     * An authenticated topic connection subscribed to {@code topic}, once the server said `subscribed` and the
     * instance's upstream (Redis) subscriptions are in place (always at once in memory).
     */
    public static WsClient subscribed(TestServer server, Account account, String topic) throws Exception {
        WsClient ws = authenticated(server, account);
        ws.send(Map.of("type", "subscribe", "topic", topic));
        ws.awaitType("subscribed");
        Await.until("upstream subscriptions settled", () -> server.app().upstreamSubscriptionsSettled());
        return ws;
    }

    /** A session-dialect connection watching {@code sessionId}, after CONNECTED and with its subscription settled. */
    public static WsClient sessionWatcher(TestServer server, Account account, String sessionId) throws Exception {
        WsClient ws = connect(server.wsUri("/ws?sessionId=" + sessionId + "&token=" + account.token()));
        ws.awaitType("CONNECTED");
        Await.until("upstream subscriptions settled", () -> server.app().upstreamSubscriptionsSettled());
        return ws;
    }

    /** The upgrade was answered with an HTTP status instead of 101. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, Throwable cause) {
            super("upgrade refused with HTTP " + status, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    // ---- Session.Listener ------------------------------------------------------------------------------

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        session.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            seen.add(node); // first: a frame taken with next() is then already in received()
            frames.add(node);
        } catch (Exception e) {
            throw new IllegalStateException("server sent a frame that is not JSON: " + text, e);
        }
        demandIfReading();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        // Jetty does not answer a ping for an endpoint that handles pings itself.
        session.sendPong(payload, Callback.NOOP);
        demandIfReading();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        demandIfReading();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        demandIfReading();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeReason = reason;
        closed.complete(statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        error = cause;
        // A write that fails because the server already closed (e.g. the rest of a flood after its 1008) is reported
        // before the close frame that came in ahead of it is handled: let that close win if it follows at once.
        closed.completeOnTimeout(1006, 500, TimeUnit.MILLISECONDS);
    }

    private void demandIfReading() {
        if (reading.get()) {
            session.demand();
        } else {
            demandPending.set(true);
        }
    }

    // ---- test API --------------------------------------------------------------------------------------

    public void send(String text) {
        session.sendText(text, Callback.NOOP);
    }

    public void send(Map<String, ?> frame) {
        try {
            send(JSON.writeValueAsString(frame));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A WebSocket ping control frame (not the topic dialect's {"type":"ping"}). */
    public void sendPing(byte[] payload) {
        pingsUnwritten.incrementAndGet();
        session.sendPing(ByteBuffer.wrap(payload), Callback.from(pingsUnwritten::decrementAndGet,
                failure -> pingsUnwritten.decrementAndGet()));
    }

    /** Pings sent with {@link #sendPing} that the client has not written to its socket yet. */
    public long pingsUnwritten() {
        return pingsUnwritten.get();
    }

    public void sendBinary(byte[] bytes) {
        session.sendBinary(ByteBuffer.wrap(bytes), Callback.NOOP);
    }

    /** The next frame, waiting up to {@code wait}. */
    public JsonNode next(Duration wait) throws InterruptedException {
        JsonNode node = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (node == null) {
            throw new AssertionError("no frame within " + wait + "; frames so far: " + seen);
        }
        return node;
    }

    public JsonNode next() throws InterruptedException {
        return next(DEFAULT_WAIT);
    }

    /** Skips frames until one matches, failing at the deadline. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode node = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
            if (node == null) {
                throw new AssertionError("no matching frame within " + wait + "; frames so far: " + seen);
            }
            if (wanted.test(node)) {
                return node;
            }
        }
    }

    /**
     * An exact topic the default PRESENCE_TOPICS ({@code messages.channel.*,public.**}) covers: a subscribe to it
     * that makes the user present is followed by the user's own {@code presence.join}, after `subscribed`.
     */
    public static boolean isPresenceTopic(String topic) {
        boolean exact = !topic.contains("*");
        String[] segments = topic.split("\\.", -1);
        return exact && (topic.startsWith("public.")
                || (segments.length == 3 && segments[0].equals("messages") && segments[1].equals("channel")));
    }

    /**
     * {@link #subscribed} to a presence topic the account is not yet present on, then its own
     * {@code presence.join} taken as the next frame (see {@link #nextOwnJoin}).
     */
    public static WsClient subscribedAndJoined(TestServer server, Account account, String topic) throws Exception {
        WsClient ws = subscribed(server, account, topic);
        ws.nextOwnJoin(topic, account.id());
        return ws;
    }

    /**
     * The next frame is the connection's own {@code presence.join} on {@code topic} for {@code userId}: on a topic
     * that PRESENCE_TOPICS covers (default {@code messages.channel.*,public.**}), a subscribe that makes its user
     * present is answered by `subscribed` and then followed by that join (every subscriber gets it, the user's own
     * connections included). Returns the frame.
     */
    public JsonNode nextOwnJoin(String topic, String userId) throws InterruptedException {
        JsonNode frame = next();
        if (!"message".equals(frame.path("type").asText()) || !"presence.join".equals(frame.path("eventType").asText())
                || !topic.equals(frame.path("topic").asText())
                || !userId.equals(frame.path("data").path("userId").asText())) {
            throw new AssertionError("expected the own presence.join of " + userId + " on " + topic + " but got "
                    + frame + "; frames so far: " + received());
        }
        return frame;
    }

    public JsonNode awaitType(String type) throws InterruptedException {
        return await(n -> type.equals(n.path("type").asText()), DEFAULT_WAIT);
    }

    /** Asserts that no frame arrives for {@code quiet}. */
    public void expectNothing(Duration quiet) throws InterruptedException {
        JsonNode node = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (node != null) {
            throw new AssertionError("expected no frame but got " + node);
        }
    }

    /** Every frame received so far, in order (including those already taken with next/await). */
    public List<JsonNode> received() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Waits for the close and returns its status code (1006 when the connection broke without one). */
    public int awaitClose(Duration wait) throws InterruptedException, ExecutionException {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + wait);
        }
    }

    public int awaitClose() throws InterruptedException, ExecutionException {
        return awaitClose(DEFAULT_WAIT);
    }

    /** What broke the connection when it ended without a close frame (1006), else null. */
    public Throwable error() {
        return error;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops reading: frames pile up in the network buffers and pings go unanswered. */
    public void pauseReading() {
        reading.set(false);
    }

    public void resumeReading() {
        reading.set(true);
        if (demandPending.getAndSet(false)) {
            session.demand();
        }
    }

    /** Cuts the connection without a close handshake, as a crashed client or a dropped network would. */
    public void disconnect() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
