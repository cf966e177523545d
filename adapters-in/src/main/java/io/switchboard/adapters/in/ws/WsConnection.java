package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.out.Metrics;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both dialects share: the bounded outbound queue, heartbeats, the frame rate limit, and a close that
 * releases everything exactly once.
 *
 * <p>Outbound frames go straight to Jetty's per-session frame queue (whole messages keep their order, and
 * Jetty gathers queued frames into one write), as UTF-8 bytes that a publication shares among all its subscribers. This class bounds that queue by bytes: a frame that would take
 * it past {@code maxQueuedBytes} is not queued; the connection is closed with 1013 and, if the peer does not
 * read even the close frame, disconnected so its memory is released.
 *
 * <p>Public only because Jetty binds the listener methods through public method handles; nothing outside this
 * package constructs or calls a connection.
 */
public abstract class WsConnection implements Session.Listener.AutoDemanding {
    static final int SLOW_CONSUMER = 1013;
    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
    /** How long a closing slow consumer gets to read its close frame before the socket is cut. */
    private static final long CLOSE_GRACE_NANOS = 2_000_000_000L;

    protected final WsContext context;
    protected final String remoteIp;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();
    private final FrameRateLimiter rateLimiter;
    private volatile Session session;
    private volatile CoreSession coreSession;
    private volatile long lastHeardNanos;
    private volatile long nextPingNanos;
    private volatile long closingSinceNanos;

    WsConnection(WsContext context, String remoteIp) {
        this.context = context;
        this.remoteIp = remoteIp;
        long now = System.nanoTime();
        this.rateLimiter = new FrameRateLimiter(context.settings().rateLimit(), context.settings().rateWindowMs(), now);
        this.lastHeardNanos = now;
    }

    /** `topic` or `session`: the bounded label for metrics. */
    abstract String dialect();

    /** A text frame that passed the rate limit. */
    abstract void onText(String text);

    /** The socket is open; send any greeting. */
    abstract void onOpened();

    /** The connection is gone: drop every subscription it holds. Called exactly once. */
    abstract void onReleased();

    /** Dialect-specific timers (auth timeout, token expiry), run by the housekeeper. */
    void onTick(long nowNanos) {
    }

    /** Tells the client it is sending too fast (the frame was dropped). */
    abstract void sendRateLimited(long retryAfterSeconds);

    // ---- Jetty callbacks -------------------------------------------------------------------------------

    @Override
    public final void onWebSocketOpen(Session session) {
        this.session = session;
        this.coreSession = ((WebSocketSession) session).getCoreSession();
        long now = System.nanoTime();
        this.lastHeardNanos = now;
        this.nextPingNanos = now + millisToNanos(context.settings().pingIntervalMs());
        context.registry().opened(this);
        context.metrics().wsOpened(dialect());
        onOpened();
    }

    @Override
    public final void onWebSocketText(String text) {
        inbound(text);
    }

    @Override
    public final void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        inbound(null);
    }

    /** Every data frame, text or binary ({@code null}), counts against the frame rate limit. */
    private void inbound(String text) {
        heard();
        switch (rateLimiter.acquire(System.nanoTime())) {
            case ALLOW -> onText(text);
            case REFUSE -> {
                context.metrics().wsDropped("rate_limit");
                sendRateLimited(rateLimiter.retryAfterSeconds());
            }
            case ABUSE -> {
                context.metrics().wsDropped("rate_limit");
                close(StatusCode.POLICY_VIOLATION, "rate limit exceeded");
            }
        }
    }

    @Override
    public final void onWebSocketPong(ByteBuffer payload) {
        heard();
    }

    @Override
    public final void onWebSocketPing(ByteBuffer payload) {
        heard();
        Session s = session;
        if (s != null) {
            s.sendPong(payload, Callback.NOOP);
        }
    }

    @Override
    public final void onWebSocketClose(int statusCode, String reason, Callback callback) {
        if (statusCode == StatusCode.MESSAGE_TOO_LARGE) {
            context.metrics().wsDropped("size");
        }
        release(statusCode);
        callback.succeed();
    }

    @Override
    public final void onWebSocketError(Throwable cause) {
        log.debug("websocket error from {}: {}", remoteIp, cause.toString());
        release(StatusCode.ABNORMAL);
    }

    // ---- sending ---------------------------------------------------------------------------------------

    /**
     * Queues one whole text frame given as UTF-8 bytes, which may be shared with other connections (a slice is
     * sent, so the caller's buffer is never moved). Returns false (and starts closing with 1013) when the frame
     * would take the outbound queue past its bound.
     */
    final boolean send(ByteBuffer utf8Frame, String type) {
        CoreSession core = coreSession;
        if (core == null || released.get() || closingSinceNanos != 0) {
            return false;
        }
        int byteSize = utf8Frame.remaining();
        long max = context.settings().maxQueuedBytes();
        long queued = queuedBytes.addAndGet(byteSize);
        if (max > 0 && queued > max) {
            queuedBytes.addAndGet(-byteSize);
            context.metrics().wsDropped("slow_consumer");
            close(SLOW_CONSUMER, "slow consumer");
            return false;
        }
        context.metrics().wsFrameOut(type);
        // Jetty's core API takes the bytes as they are; Session.sendText(String) would encode them again for
        // every connection.
        core.sendFrame(new Frame(OpCode.TEXT, true, utf8Frame.slice()),
                org.eclipse.jetty.util.Callback.from(() -> queuedBytes.addAndGet(-byteSize),
                        failure -> queuedBytes.addAndGet(-byteSize)), false);
        return true;
    }

    /** A frame for this connection only (a reply, an error). */
    final boolean send(String frame, String type) {
        return send(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), type);
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    /** Starts a close handshake; the housekeeper cuts the socket if the peer does not finish it in time. */
    final void close(int code, String reason) {
        Session s = session;
        if (s == null || released.get()) {
            return;
        }
        if (closingSinceNanos == 0) {
            closingSinceNanos = System.nanoTime();
        }
        s.close(code, reason, Callback.NOOP);
    }

    /** Cuts the socket without a handshake: for peers that stopped answering. */
    final void disconnect() {
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
        release(StatusCode.ABNORMAL);
    }

    /** True once the connection is gone and its resources were (or are being) released. */
    final boolean isReleased() {
        return released.get();
    }

    // ---- housekeeping ----------------------------------------------------------------------------------

    /** Run periodically by the registry: pings, silent peers, slow closes, then the dialect's own timers. */
    final void tick(long now) {
        if (released.get()) {
            return;
        }
        Session s = session;
        if (s == null) {
            return;
        }
        if (closingSinceNanos != 0) {
            if (now - closingSinceNanos > CLOSE_GRACE_NANOS) {
                disconnect();
            }
            return;
        }
        WsSettings settings = context.settings();
        if (settings.pingTimeoutMs() > 0 && now - lastHeardNanos > millisToNanos(settings.pingTimeoutMs())) {
            context.metrics().wsDropped("ping_timeout");
            log.debug("dropping {}: no pong for {} ms", remoteIp, settings.pingTimeoutMs());
            disconnect();
            return;
        }
        if (settings.pingIntervalMs() > 0 && now - nextPingNanos >= 0) {
            nextPingNanos = now + millisToNanos(settings.pingIntervalMs());
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
        onTick(now);
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
    }

    private void release(int closeCode) {
        if (released.compareAndSet(false, true)) {
            try {
                onReleased();
            } finally {
                context.registry().closed(this, remoteIp);
                context.metrics().wsClosed(dialect(), closeCode);
            }
        }
    }

    static long millisToNanos(long ms) {
        return ms * 1_000_000L;
    }
}
