package io.switchboard.adapters.in.ws;

import io.switchboard.application.port.out.Metrics;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
 * <p><b>Jetty.</b> A connection is a Jetty core {@link FrameHandler}, not a Jetty API listener: it reads frames as
 * they are (joining fragments of a message itself), and nothing keeps the upgrade request, its headers or the HTTP
 * connection it came on once the socket is open (the API layer kept all of these, plus a set of method handles, for
 * every connection).
 */
public abstract class WsConnection implements FrameHandler {
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
    private volatile CoreSession coreSession;
    /** The fragments of a text message so far (null between messages; frames arrive one at a time). */
    private Utf8StringBuilder fragments;
    /** The opcode of the fragmented message in progress, or UNDEFINED. */
    private byte fragmentedType = OpCode.UNDEFINED;
    private long fragmentedBytes;
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

    /** For the admin pages: an id of this connection (not a secret) and when it was accepted. */
    final String connectionId = java.util.UUID.randomUUID().toString();
    final java.time.Instant acceptedAt;

    WsConnection(WsContext context, String remoteIp, WsRegistry.Slot slot) {
        this.context = context;
        this.remoteIp = remoteIp;
        this.acceptedAt = context.clock().get();
        this.slot = slot;
        long now = System.nanoTime();
        this.rateLimiter = new FrameRateLimiter(context.settings().rateLimit(), context.settings().rateWindowMs(), now);
        this.lastHeardNanos = now;
        long pingTimeout = context.settings().pingTimeoutMs();
        this.closeGraceNanos = millisToNanos(pingTimeout > 0 ? pingTimeout : DEFAULT_CLOSE_GRACE_MS);
    }

    /** `topic` or `session`: the bounded label for metrics. */
    abstract String dialect();

    /** The topics and patterns this connection holds, for the admin pages. */
    java.util.List<String> subscriptions() {
        return java.util.List.of();
    }

    /**
     * The authenticated user's id, or null before authentication; the same method as
     * {@code Subscriber.ownerId()}, which both dialects implement (subscriber counts, user deletion).
     */
    public abstract String ownerId();

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
    public final void onOpen(CoreSession session, Callback callback) {
        this.coreSession = session;
        long now = System.nanoTime();
        this.lastHeardNanos = now;
        this.nextPingNanos = now + millisToNanos(context.settings().pingIntervalMs());
        slot.opened();
        context.registry().opened(this);
        context.metrics().wsOpened(dialect());
        onOpened();
        callback.succeeded();
        session.demand();
    }

    @Override
    public final void onFrame(Frame frame, Callback callback) {
        try {
            switch (frame.getOpCode()) {
                case OpCode.TEXT, OpCode.BINARY -> onDataFrame(frame.getOpCode(), frame);
                case OpCode.CONTINUATION -> onDataFrame(fragmentedType, frame);
                case OpCode.PING -> onPing(frame.getPayload());
                case OpCode.PONG -> admit();
                case OpCode.CLOSE -> {
                    // Jetty answers the close once the callback succeeds; no more frames are read.
                    callback.succeeded();
                    return;
                }
                default -> {
                }
            }
        } catch (Throwable failure) {
            // Too large (1009) or not UTF-8 (1007): Jetty closes the connection with the matching code.
            callback.failed(failure);
            return;
        }
        callback.succeeded();
        coreSession.demand();
    }

    /**
     * A text or binary frame, whole or a fragment: fragments of a text message are joined (bounded by the message
     * size); a binary message is never read, only measured and answered.
     */
    private void onDataFrame(byte type, Frame frame) {
        if (type == OpCode.UNDEFINED) {
            throw new BadPayloadException("continuation frame without a message");
        }
        long max = context.settings().maxMessageSize();
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if (!frame.isFin() || fragmentedType != OpCode.UNDEFINED) {
            fragmentedType = type;
            fragmentedBytes += length;
            if (max > 0 && fragmentedBytes > max) {
                throw new MessageTooLargeException("message larger than " + max + " bytes");
            }
            if (type == OpCode.TEXT && length > 0) {
                if (fragments == null) {
                    fragments = new Utf8StringBuilder();
                }
                fragments.append(payload);
            }
            if (!frame.isFin()) {
                if (fragments != null && fragments.hasCodingErrors()) {
                    throw new BadPayloadException.InvalidUtf8();
                }
                return;
            }
            String text = type == OpCode.TEXT
                    ? (fragments == null ? "" : fragments.takeCompleteString(BadPayloadException.InvalidUtf8::new))
                    : null;
            fragments = null;
            fragmentedType = OpCode.UNDEFINED;
            fragmentedBytes = 0;
            onMessage(text, type == OpCode.BINARY);
            return;
        }
        if (max > 0 && length > max) {
            throw new MessageTooLargeException("message larger than " + max + " bytes");
        }
        onMessage(type == OpCode.TEXT ? utf8(payload) : null, type == OpCode.BINARY);
    }

    private static String utf8(ByteBuffer payload) {
        if (payload == null || !payload.hasRemaining()) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(payload.slice())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadPayloadException.InvalidUtf8();
        }
    }

    private void onMessage(String text, boolean binary) {
        if (admit()) {
            onText(binary ? null : text);
        }
    }

    private void onPing(ByteBuffer payload) {
        if (admit()) {
            // Jetty reuses the payload's buffer once this returns: the pong gets its own copy.
            ByteBuffer copy = ByteBuffer.allocate(payload == null ? 0 : payload.remaining());
            if (payload != null) {
                copy.put(payload.slice());
            }
            copy.flip();
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
    public final void onError(Throwable cause, Callback callback) {
        log.debug("websocket error from {}: {}", remoteIp, cause.toString());
        release(StatusCode.ABNORMAL);
        callback.succeeded();
    }

    @Override
    public final void onClosed(CloseStatus status, Callback callback) {
        if (status.getCode() == StatusCode.MESSAGE_TOO_LARGE) {
            context.metrics().wsDropped("size");
        }
        fragments = null;
        release(status.getCode());
        callback.succeeded();
    }

    // ---- sending ---------------------------------------------------------------------------------------

    /**
     * One frame waiting to go to Jetty, or (opcode CLOSE, no payload) the close to start once everything before it
     * went. It is its own Jetty frame and its own write callback, so a frame costs one object (plus the slice of the
     * shared bytes) on its way out.
     */
    private final class Outbound extends Frame implements Callback {
        private final int size;
        private final int closeCode;
        private final String reason;

        Outbound(byte opcode, ByteBuffer payload) {
            super(opcode, true, payload);
            this.size = payload.remaining();
            this.closeCode = 0;
            this.reason = null;
        }

        Outbound(int closeCode, String reason) {
            super(OpCode.CLOSE);
            this.size = 0;
            this.closeCode = closeCode;
            this.reason = reason;
        }

        boolean isClose() {
            return getOpCode() == OpCode.CLOSE;
        }

        int size() {
            return size;
        }

        @Override
        public void succeeded() {
            written(size);
        }

        @Override
        public void failed(Throwable failure) {
            written(size);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /**
     * Queues one whole text frame given as UTF-8 bytes, which may be shared with other connections (a slice is
     * sent, so the caller's buffer is never moved). Returns false (and starts closing with 1013) when the frame
     * would take a non-empty outbound queue past its bound.
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
            long backlog = heldBytes + inJettyBytes;
            // The bound is on backlog: a frame larger than the bound (the server API allows data up to
            // WS_MAX_MESSAGE_SIZE) still goes to a connection with nothing queued, so the queue holds at most
            // WS_MAX_QUEUED_BYTES plus one frame.
            if (max <= 0 || backlog == 0 || backlog + size <= max) {
                held.add(new Outbound(opcode, payload));
                heldBytes += size;
                dropped = -1;
            } else {
                // Slow consumer: drop what is still held here; the close frame follows what Jetty holds.
                dropped = held.size();
                held.clear();
                heldBytes = 0;
                closeQueued = true;
                held.add(new Outbound(SLOW_CONSUMER, "slow consumer"));
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

    /**
     * Hands held frames to Jetty, in order, while the in-flight bound allows; one thread at a time. Every frame but
     * the last of a run is handed in batch mode, so the frames queued for this connection leave in one gathered write
     * rather than one write each; the last one (never batched) flushes them.
     */
    private void pump() {
        Outbound current;
        synchronized (outbound) {
            if (pumping) {
                return;
            }
            current = takeNext();
            if (current == null) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Outbound following;
            synchronized (outbound) {
                following = current.isClose() ? null : takeNext();
            }
            hand(current, following != null && !following.isClose());
            if (following != null) {
                current = following;
                continue;
            }
            synchronized (outbound) {
                current = takeNext();
                if (current == null) {
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

    private void hand(Outbound item, boolean more) {
        if (item.isClose()) {
            coreSession.close(item.closeCode, item.reason, Callback.NOOP);
            return;
        }
        try {
            // Jetty's core API takes the bytes as they are; Session.sendText(String) would encode them again for
            // every connection. In batch mode Jetty holds the frame until the next non-batch one flushes the run.
            coreSession.sendFrame(item, item, more);
        } catch (RuntimeException e) {
            log.debug("sending to {} failed: {}", remoteIp, e.toString());
            synchronized (outbound) {
                inJettyBytes -= item.size();
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
        if (coreSession == null || released.get()) {
            return;
        }
        synchronized (outbound) {
            if (closeQueued) {
                return;
            }
            closeQueued = true;
            held.add(new Outbound(code, reason));
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
        CoreSession s = coreSession;
        if (s != null) {
            s.abort();
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
        CoreSession s = coreSession;
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
            s.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
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
