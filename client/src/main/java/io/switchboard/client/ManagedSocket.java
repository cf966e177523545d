package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One logical connection that outlives its sockets: it opens a {@code java.net.http.WebSocket} with a token from
 * the {@link TokenSource}, reassembles text frames, serialises sends (the JDK allows one outstanding send), and
 * after a drop reconnects with full-jitter backoff, unless the close was terminal. The dialects build on it.
 */
abstract class ManagedSocket implements AutoCloseable {
    protected final ClientContext ctx;
    protected final SerialExecutor events;
    protected final Object lock = new Object();
    private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();

    private ConnectionState state = ConnectionState.CONNECTING;
    private WebSocket socket;
    private int generation;
    private int attempt;
    private boolean closedByApp;
    private boolean forceRefreshNext;
    private boolean refreshedForUpgrade;
    private ScheduledFuture<?> retry;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();

    ManagedSocket(ClientContext ctx) {
        this.ctx = ctx;
        this.events = new SerialExecutor(ctx.scheduler());
    }

    /** The WebSocket URI for {@code token}. */
    protected abstract URI uri(AccessToken token);

    /** A complete text frame, parsed; called in order on the socket's thread. */
    protected abstract void onFrame(JsonNode frame);

    /** The socket opened (the dialect may now wait for its ready frame and then call {@link #ready()}). */
    protected void onSocketOpen() {
    }

    /** The socket is gone (already known to the dialect as not ready); pending requests should be settled. */
    protected void onSocketClosed() {
    }

    /** A close that must not be retried, besides 1008 (e.g. the session was deleted). */
    protected boolean terminalClose(int code) {
        return code == 1008;
    }

    public final ConnectionState connectionState() {
        synchronized (lock) {
            return state;
        }
    }

    public final void addStateListener(StateListener listener) {
        stateListeners.add(listener);
    }

    /** Completes when the connection is first CONNECTED; fails if it is CLOSED before. */
    public final CompletableFuture<Void> connected() {
        return firstConnect;
    }

    /** Blocks until {@link #connected()} or the request timeout. */
    public final void awaitConnected() {
        try {
            firstConnect.get(ctx.connectTimeout().toMillis() + ctx.requestTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new SwitchboardException(0, "TIMEOUT", "not connected in time", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    final void start() {
        connect();
    }

    private void connect() {
        boolean force;
        int gen;
        synchronized (lock) {
            if (closedByApp) {
                return;
            }
            gen = ++generation;
            force = forceRefreshNext;
            forceRefreshNext = false;
            retry = null;
        }
        setState(ConnectionState.CONNECTING, null);
        CompletableFuture<AccessToken> token;
        try {
            token = ctx.tokens().token(force);
        } catch (RuntimeException e) {
            token = CompletableFuture.failedFuture(e);
        }
        token.thenCompose(t -> ctx.http().newWebSocketBuilder().connectTimeout(ctx.connectTimeout())
                        .buildAsync(uri(t), new Listener(gen)))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        upgradeFailed(gen, unwrap(error));
                    }
                });
    }

    private void upgradeFailed(int gen, Throwable error) {
        synchronized (lock) {
            if (gen != generation || closedByApp) {
                return;
            }
        }
        if (error instanceof WebSocketHandshakeException refused) {
            HttpResponse<?> response = refused.getResponse();
            int status = response.statusCode();
            String reason = reasonOf(response.body(), "HTTP_" + status);
            if (status == 401) {
                boolean retried;
                synchronized (lock) {
                    retried = refreshedForUpgrade;
                    refreshedForUpgrade = true;
                    forceRefreshNext = true;
                }
                if (!retried) {
                    // The token may just have expired: one immediate retry with a fresh one.
                    ctx.scheduler().execute(this::connect);
                    return;
                }
                terminate(new Disconnect(status, reason, true, null));
                return;
            }
            if (status == 400 || status == 403 || status == 404) {
                terminate(new Disconnect(status, reason, true, null));
                return;
            }
            scheduleReconnect(status, reason);
            return;
        }
        if (error instanceof SwitchboardException refusal && refusal.code() == 4) {
            // The token source itself was refused (e.g. the refresh token is revoked): nobody can fix that by retrying.
            terminate(new Disconnect(401, refusal.reason(), true, null));
            return;
        }
        scheduleReconnect(1006, error.getClass().getSimpleName());
    }

    /** The dialect's ready frame arrived: the connection is usable. */
    protected final void ready() {
        synchronized (lock) {
            attempt = 0;
            refreshedForUpgrade = false;
        }
        setState(ConnectionState.CONNECTED, null);
        firstConnect.complete(null);
    }

    /** Sends one JSON frame; fails at once with DISCONNECTED when there is no socket. */
    protected final CompletableFuture<Void> send(JsonNode frame) {
        String text = frame.toString();
        synchronized (lock) {
            WebSocket ws = socket;
            if (ws == null) {
                return CompletableFuture.failedFuture(SwitchboardException.disconnected());
            }
            CompletableFuture<Void> sent = sendChain.handle((x, e) -> null)
                    .thenCompose(x -> ws.sendText(text, true)).thenApply(x -> null);
            sendChain = sent;
            return sent;
        }
    }

    /** Asks the server to close this socket with {@code code} (the connection then reacts as to any close). */
    protected final void closeSocket(int code, String reason) {
        WebSocket ws;
        synchronized (lock) {
            ws = socket;
        }
        if (ws != null) {
            ws.sendClose(code, reason);
        }
    }

    private void opened(int gen, WebSocket ws) {
        synchronized (lock) {
            if (gen != generation || closedByApp) {
                ws.abort();
                return;
            }
            socket = ws;
            sendChain = CompletableFuture.completedFuture(null);
        }
        onSocketOpen();
    }

    private void socketClosed(int gen, int code, String reason, boolean abort) {
        synchronized (lock) {
            if (gen != generation) {
                return;
            }
            generation++;
            WebSocket ws = socket;
            socket = null;
            if (abort && ws != null) {
                ws.abort();
            }
        }
        onSocketClosed();
        boolean app;
        synchronized (lock) {
            app = closedByApp;
        }
        if (app) {
            return;
        }
        if (terminalClose(code)) {
            terminate(new Disconnect(code, reason, true, null));
        } else {
            scheduleReconnect(code, reason);
        }
    }

    private void scheduleReconnect(int code, String reason) {
        Duration delay;
        synchronized (lock) {
            if (closedByApp) {
                return;
            }
            delay = ctx.backoff().delay(attempt++);
            retry = ctx.scheduler().schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        setState(ConnectionState.DISCONNECTED, new Disconnect(code, reason, false, delay));
    }

    private void terminate(Disconnect disconnect) {
        synchronized (lock) {
            closedByApp = true;
            if (retry != null) {
                retry.cancel(false);
            }
        }
        setState(ConnectionState.CLOSED, disconnect);
        firstConnect.completeExceptionally(new SwitchboardException(0, disconnect.reason(),
                "closed (" + disconnect.code() + ")", 0));
    }

    private void setState(ConnectionState next, Disconnect disconnect) {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = next;
        }
        for (StateListener listener : stateListeners) {
            events.execute(() -> listener.onState(next, disconnect));
        }
    }

    /** Closes for good (1000): no reconnect; pending requests fail. */
    @Override
    public void close() {
        WebSocket ws;
        synchronized (lock) {
            if (closedByApp) {
                return;
            }
            closedByApp = true;
            generation++;
            if (retry != null) {
                retry.cancel(false);
            }
            ws = socket;
            socket = null;
        }
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> ws.abort());
        }
        onSocketClosed();
        setState(ConnectionState.CLOSED, null);
        firstConnect.completeExceptionally(new SwitchboardException(0, "CLOSED", "closed by the application", 0));
    }

    private static String reasonOf(Object body, String fallback) {
        if (body instanceof String text && !text.isEmpty()) {
            try {
                return Json.MAPPER.readTree(text).path("error").path("reason").asText(fallback);
            } catch (Exception e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private final class Listener implements WebSocket.Listener {
        private final int gen;
        private final StringBuilder text = new StringBuilder();

        Listener(int gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            opened(gen, webSocket);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                boolean current;
                synchronized (lock) {
                    current = gen == generation;
                }
                if (current) {
                    try {
                        onFrame(Json.MAPPER.readTree(frame));
                    } catch (Exception e) {
                        // Not JSON: the server never sends that; ignore the frame rather than drop the connection.
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            socketClosed(gen, statusCode, reason, false);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            socketClosed(gen, 1006, error.getClass().getSimpleName(), true);
        }
    }
}
