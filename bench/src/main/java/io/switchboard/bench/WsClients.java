package io.switchboard.bench;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketError;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketFrame;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketOpen;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Many WebSocket connections on one Jetty {@link WebSocketClient}. Jetty's HttpClient limits connections and queued
 * requests per destination (64 and 1024 by default); every connection here goes to one destination, so both are
 * raised, and connects are ramped through a bounded number in flight.
 */
public final class WsClients implements AutoCloseable {
    private final WebSocketClient client;

    WsClients(int threads) throws Exception {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(1_000_000);
        http.setMaxRequestsQueuedPerDestination(1_000_000);
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(threads, 8), 4);
        pool.setName("bench-ws");
        pool.setDaemon(true);
        http.setExecutor(pool);
        client = new WebSocketClient(http);
        client.setIdleTimeout(Duration.ofMinutes(10));
        client.setMaxTextMessageSize(16 * 1024 * 1024);
        client.setConnectTimeout(30_000);
        client.start();
    }

    /**
     * One client connection, an annotated endpoint that takes whole frames ({@code @OnWebSocketFrame}) and no
     * messages, so Jetty never decodes text into a String; {@code onText} gets each text message's UTF-8 bytes
     * (valid during the call only). Pings are answered here.
     */
    @WebSocket(autoDemand = true)
    public static final class Conn {
        private final Consumer<ByteBuffer> onText;
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile Session session;
        private ByteArrayOutputStream fragments; // a text message in several frames (rare: messages are small)

        Conn(Consumer<ByteBuffer> onText) {
            this.onText = onText;
        }

        /** For the low-rate handlers that want Strings. */
        static Conn text(Consumer<String> onText) {
            return new Conn(bytes -> onText.accept(Frames.text(bytes)));
        }

        @OnWebSocketOpen
        public void onOpen(Session session) {
            this.session = session;
        }

        @OnWebSocketFrame
        public void onFrame(Frame frame, Callback callback) {
            try {
                Frame.Type type = frame.getType();
                boolean text = type == Frame.Type.TEXT || (type == Frame.Type.CONTINUATION && fragments != null);
                if (type == Frame.Type.PING) {
                    // With an @OnWebSocketFrame handler Jetty hands every frame here and does not pong by itself.
                    ByteBuffer payload = frame.hasPayload() ? frame.getPayload() : ByteBuffer.allocate(0);
                    ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                    session.sendPong(copy, Callback.NOOP);
                } else if (text) {
                    ByteBuffer payload = frame.hasPayload() ? frame.getPayload() : ByteBuffer.allocate(0);
                    if (frame.isFin() && fragments == null) {
                        onText.accept(payload);
                    } else {
                        if (fragments == null) {
                            fragments = new ByteArrayOutputStream();
                        }
                        byte[] copy = new byte[payload.remaining()];
                        payload.duplicate().get(copy);
                        fragments.writeBytes(copy);
                        if (frame.isFin()) {
                            ByteBuffer whole = ByteBuffer.wrap(fragments.toByteArray());
                            fragments = null;
                                onText.accept(whole);
                        }
                    }
                }
            } finally {
                callback.succeed();
            }
        }

        @OnWebSocketClose
        public void onClose(int statusCode, String reason) {
            closed.complete(statusCode);
        }

        @OnWebSocketError
        public void onError(Throwable cause) {
            closed.complete(-1);
        }

        void send(String text) {
            session.sendText(text, Callback.NOOP);
        }

        boolean isOpen() {
            Session s = session;
            return s != null && s.isOpen();
        }

        void close() {
            Session s = session;
            if (s != null) {
                s.close(1000, "bye", Callback.NOOP);
            }
        }
    }

    CompletableFuture<Session> connect(Conn conn, URI uri) {
        try {
            return client.connect(conn, new ClientUpgradeRequest(uri));
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Opens {@code n} connections with at most {@code inFlight} handshakes at a time. {@code uri(i)} and
     * {@code conn(i)} give connection i's address and endpoint. Returns the connections that opened; failures are
     * printed (first few) and counted.
     */
    List<Conn> connectAll(int n, int inFlight, IntFunction<URI> uri, IntFunction<Conn> conn) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        ConcurrentLinkedQueue<Conn> opened = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            Conn c = conn.apply(i);
            connect(c, uri.apply(i)).whenComplete((s, e) -> {
                if (e == null) {
                    opened.add(c);
                } else if (failures.incrementAndGet() <= 5) {
                    System.err.println("connect failed: " + e);
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(inFlight, 120, TimeUnit.SECONDS)) {
            System.err.println("connects still pending after 120 s");
        }
        if (failures.get() > 0) {
            System.err.println(failures.get() + " of " + n + " connects failed");
        }
        return new ArrayList<>(opened);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
