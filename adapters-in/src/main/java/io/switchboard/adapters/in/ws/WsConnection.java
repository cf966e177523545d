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
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What both dialects share: the bounded outbound queue, heartbeats, the frame rate limit, and a close that
 * releases everything exactly once.
 *
 * <p><b>Outbound.</b> Frames (text frames as UTF-8 bytes that a publication shares among all its subscribers, and
 * pongs) first go to this connection's own queue, and from there to Jetty's per-session frame queue, at most
 * {@link #IN_FLIGHT_BYTES} (or one frame) at a time. Both together are bounded by {@code maxQueuedBytes}: a frame
 * that would take them past it is not queued; the frames still held here are dropped and the close frame (1013)
 * goes to Jetty right behind what Jetty already holds, so a client that resumes reading within the close grace
 * ({@code WS_PING_TIMEOUT_MS}) reads the 1013 after what its socket already held, instead of a bare reset. Every
 * other close is queued behind the frames held (an error frame before its close), and a peer that does not read
 * even the close frame is disconnected after the grace so its memory is released.
 *
 * <p><b>Inbound.</b> Every frame the client sends, text, binary, ping or pong, counts against the frame rate limit,
 * with one policy: over the budget an error (code 7) and the frame is dropped (a ping gets no pong), and a client
 * that keeps on is closed with 1008.
 *
 * <p>Public only because Jetty binds the listener methods through public method handles; nothing outside this
 * package constructs or calls a connection.
 */
public abstract class WsConnection implements Session.Listener.AutoDemanding {
    static final int SLOW_CONSUMER = 1013;
    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
    /** How long a closing peer gets to read its close frame when there is no WS_PING_TIMEOUT_MS to go by. */
    private static final long DEFAULT_CLOSE_GRACE_MS = 60_000;
    /** At most this many bytes (or one frame, if larger) are in Jetty's queue at a time; the rest wait here. */
    static final long IN_FLIGHT_BYTES = 64 * 1024;

    protected final WsContext context;
    protected final String remoteIp;
    private final WsRegistry.Slot slot;
    private final AtomicBoolean released = new AtomicBoolean();
    private final FrameRateLimiter rateLimiter;
    private final long closeGraceNanos;
    private volatile Session session;
    private volatile CoreSession coreSession;
    private volatile long lastHeardNanos;
    private volatile long nextPingNanos;
    private volatile long closingSinceNanos;

    /** Guards the outbound state below. */
    private final Object outbound = new Object();
    /** Frames not handed to Jetty yet, and at most one close marker at the end. */
    private final ArrayDeque<Outbound> held = new ArrayDeque<>();
    private long heldBytes;
    private long inJettyBytes;
    /** True while one thread hands frames to Jetty; it keeps the order of the queue. */
    private boolean pumping;
    private boolean closeQueued;

    WsConnection(WsContext context, String remoteIp, WsRegistry.Slot slot) {
        this.context = context;
        this.remoteIp = remoteIp;
        this.slot = slot;
        long now = System.nanoTime();
        this.rateLimiter = new FrameRateLimiter(context.settings().rateLimit(), context.settings().rateWindowMs(), now);
        this.lastHeardNanos = now;
        long pingTimeout = context.settings().pingTimeoutMs();
        this.closeGraceNanos = millisToNanos(pingTimeout > 0 ? pingTimeout : DEFAULT_CLOSE_GRACE_MS);
    }

    /** `topic` or `session`: the bounded label for metrics. */
    abstract String dialect();

    /** The authenticated user's id, or null before authentication. */
    abstract String userId();

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

    /** Counts this connection against the user's WS_MAX_CONNECTIONS_PER_USER; false when the user is at the cap. */
    final boolean claimUser(io.switchboard.domain.user.UserId user) {
        return slot.claimUser(user);
    }

    /** The connection's user was deleted (on any instance): its connection ends. */
    final void closeForDeletedUser() {
        close(StatusCode.POLICY_VIOLATION, "user deleted");
    }

    // ---- Jetty callbacks -------------------------------------------------------------------------------

    @Override
    public final void onWebSocketOpen(Session session) {
        this.session = session;
        this.coreSession = ((WebSocketSession) session).getCoreSession();
        long now = System.nanoTime();
        this.lastHeardNanos = now;
        this.nextPingNanos = now + millisToNanos(context.settings().pingIntervalMs());
        slot.opened();
        context.registry().opened(this);
        context.metrics().wsOpened(dialect());
        onOpened();
    }

    @Override
    public final void onWebSocketText(String text) {
        if (admit()) {
            onText(text);
        }
    }

    @Override
    public final void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        if (admit()) {
            onText(null);
        }
    }

    @Override
    public final void onWebSocketPong(ByteBuffer payload) {
        admit();
    }

    @Override
    public final void onWebSocketPing(ByteBuffer payload) {
        if (admit()) {
            // Jetty reuses the payload's buffer once this returns: the pong gets its own copy.
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload.slice()).flip();
            enqueue(OpCode.PONG, copy, null);
        }
    }

    /**
     * Every inbound frame (text, binary, ping, pong) counts against the frame rate limit. True when the frame may be
     * handled; otherwise the rate policy was applied (error code 7, or close 1008 for a client that keeps on).
     */
    private boolean admit() {
        heard();
        switch (rateLimiter.acquire(System.nanoTime())) {
            case ALLOW -> {
                return true;
            }
            case REFUSE -> {
                context.metrics().wsDropped("rate_limit");
                sendRateLimited(rateLimiter.retryAfterSeconds());
                return false;
            }
            default -> {
                context.metrics().wsDropped("rate_limit");
                close(StatusCode.POLICY_VIOLATION, "rate limit exceeded");
                return false;
            }
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

    /** One frame waiting to go to Jetty, or (opcode CLOSE) the close to start once everything before it went. */
    private record Outbound(byte opcode, ByteBuffer payload, int closeCode, String reason) {
        boolean isClose() {
            return opcode == OpCode.CLOSE;
        }

        int size() {
            return payload == null ? 0 : payload.remaining();
        }
    }

    /**
     * Queues one whole text frame given as UTF-8 bytes, which may be shared with other connections (a slice is
     * sent, so the caller's buffer is never moved). Returns false (and starts closing with 1013) when the frame
     * would take the outbound queue past its bound.
     */
    final boolean send(ByteBuffer utf8Frame, String type) {
        return enqueue(OpCode.TEXT, utf8Frame.slice(), type);
    }

    /** A frame for this connection only (a reply, an error). */
    final boolean send(String frame, String type) {
        return send(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)), type);
    }

    private boolean enqueue(byte opcode, ByteBuffer payload, String type) {
        if (coreSession == null || released.get()) {
            return false;
        }
        int size = payload.remaining();
        long max = context.settings().maxQueuedBytes();
        int dropped;
        synchronized (outbound) {
            if (closeQueued) {
                return false;
            }
            if (max <= 0 || heldBytes + inJettyBytes + size <= max) {
                held.add(new Outbound(opcode, payload, 0, null));
                heldBytes += size;
                dropped = -1;
            } else {
                // Slow consumer: drop what is still held here; the close frame follows what Jetty holds.
                dropped = held.size();
                held.clear();
                heldBytes = 0;
                closeQueued = true;
                held.add(new Outbound(OpCode.CLOSE, null, SLOW_CONSUMER, "slow consumer"));
            }
        }
        if (dropped >= 0) {
            context.metrics().wsDropped("slow_consumer");
            log.debug("closing slow consumer {} with 1013; {} queued frames dropped", remoteIp, dropped);
            markClosing();
            pump();
            return false;
        }
        if (type != null) {
            context.metrics().wsFrameOut(type);
        }
        pump();
        return true;
    }

    /** Hands held frames to Jetty, in order, while the in-flight bound allows; one thread at a time. */
    private void pump() {
        Outbound next;
        synchronized (outbound) {
            if (pumping) {
                return;
            }
            next = takeNext();
            if (next == null) {
                return;
            }
            pumping = true;
        }
        while (true) {
            hand(next);
            synchronized (outbound) {
                next = takeNext();
                if (next == null) {
                    pumping = false;
                    return;
                }
            }
        }
    }

    /** The next item that may go to Jetty now, or null; called holding the lock. */
    private Outbound takeNext() {
        Outbound head = held.peek();
        if (head == null) {
            return null;
        }
        if (!head.isClose()) {
            int size = head.size();
            if (inJettyBytes > 0 && inJettyBytes + size > IN_FLIGHT_BYTES) {
                return null;
            }
            heldBytes -= size;
            inJettyBytes += size;
        }
        return held.poll();
    }

    private void hand(Outbound item) {
        if (item.isClose()) {
            Session s = session;
            if (s != null) {
                s.close(item.closeCode(), item.reason(), Callback.NOOP);
            }
            return;
        }
        int size = item.size();
        try {
            // Jetty's core API takes the bytes as they are; Session.sendText(String) would encode them again for
            // every connection.
            coreSession.sendFrame(new Frame(item.opcode(), true, item.payload()),
                    org.eclipse.jetty.util.Callback.from(() -> written(size), failure -> written(size)), false);
        } catch (RuntimeException e) {
            log.debug("sending to {} failed: {}", remoteIp, e.toString());
            synchronized (outbound) {
                inJettyBytes -= size;
            }
        }
    }

    /** Jetty wrote (or gave up on) a frame: room for the next ones. */
    private void written(int size) {
        synchronized (outbound) {
            inJettyBytes -= size;
        }
        pump();
    }

    /** Bytes queued for this connection, here and in Jetty. */
    long queuedBytes() {
        synchronized (outbound) {
            return heldBytes + inJettyBytes;
        }
    }

    /**
     * Starts a close handshake behind the frames already queued (so an error frame sent just before arrives first);
     * the housekeeper cuts the socket if the peer does not finish it within the close grace.
     */
    final void close(int code, String reason) {
        if (session == null || released.get()) {
            return;
        }
        synchronized (outbound) {
            if (closeQueued) {
                return;
            }
            closeQueued = true;
            held.add(new Outbound(OpCode.CLOSE, null, code, reason));
        }
        markClosing();
        pump();
    }

    private void markClosing() {
        if (closingSinceNanos == 0) {
            closingSinceNanos = System.nanoTime();
        }
    }

    /** Cuts the socket without a handshake: for peers that stopped answering. */
    final void disconnect() {
        synchronized (outbound) {
            held.clear();
            heldBytes = 0;
            closeQueued = true;
        }
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
            if (now - closingSinceNanos > closeGraceNanos) {
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
            synchronized (outbound) {
                held.clear();
                heldBytes = 0;
            }
            try {
                onReleased();
            } finally {
                context.registry().closed(this);
                slot.release();
                context.metrics().wsClosed(dialect(), closeCode);
            }
        }
    }

    static long millisToNanos(long ms) {
        return ms * 1_000_000L;
    }
}
