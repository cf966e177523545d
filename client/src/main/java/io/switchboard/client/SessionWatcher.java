package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The session dialect ({@code /ws?sessionId=...}): the session's latest state (never an older version after a
 * newer one, across reconnects), the server clock's offset estimated from PING/PONG (a burst of samples on every
 * connect, then one every {@code pingInterval}; the lowest round trip wins), and {@link #remainingMs()} for the
 * running clock computed from them, so nothing ticks on the wire.
 */
public final class SessionWatcher extends ManagedSocket {
    /** Samples taken right after each connect. */
    public static final int BURST = 8;
    private static final long BURST_SPACING_MS = 25;
    private static final long PONG_TIMEOUT_MS = 5_000;

    private final String sessionId;
    private final SessionListener listener;
    private final Duration pingInterval;
    private final ClockEstimator clock = new ClockEstimator();
    // A wall clock with nanoTime's resolution: epoch ms at construction plus elapsed nanos.
    private final double wallBaseMs = System.currentTimeMillis();
    private final long nanoBase = System.nanoTime();

    private volatile SessionSnapshot state;
    private boolean deleted;
    private double pingSentAt = -1;
    private int burstLeft;
    private ScheduledFuture<?> pinger;

    SessionWatcher(ClientContext ctx, String sessionId, SessionListener listener, Duration pingInterval) {
        super(ctx);
        this.sessionId = sessionId;
        this.listener = listener;
        this.pingInterval = pingInterval;
    }

    @Override
    protected URI uri(AccessToken token) {
        return URI.create(ctx.wsBase() + "/ws?sessionId=" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8)
                + "&token=" + URLEncoder.encode(token.value(), StandardCharsets.UTF_8));
    }

    public String sessionId() {
        return sessionId;
    }

    /** The latest state, or null before the session exists (or before the first STATE_SYNC). */
    public SessionSnapshot state() {
        return state;
    }

    /** Server clock minus local clock, in ms, from the best PING/PONG sample (0 before any). */
    public double clockOffsetMs() {
        return clock.offsetMs();
    }

    /** The estimator, to inspect samples. */
    public ClockEstimator clock() {
        return clock;
    }

    /** The server's clock now, as estimated (epoch ms). */
    public double serverNowMs() {
        return localNowMs() + clock.offsetMs();
    }

    /** Time left on the running clock (the active participant's), now; empty when there is none or no limit. */
    public OptionalLong remainingMs() {
        SessionSnapshot s = state;
        if (s == null || s.activeParticipantId() == null) {
            return OptionalLong.empty();
        }
        return s.remainingMs(s.activeParticipantId(), serverNowMs());
    }

    /** Time left on a participant's clock, now. */
    public OptionalLong remainingMs(String participantId) {
        SessionSnapshot s = state;
        return s == null ? OptionalLong.empty() : s.remainingMs(participantId, serverNowMs());
    }

    /** Asks for the current state again (answered by STATE_SYNC, or an ERROR SESSION_NOT_FOUND). */
    public CompletableFuture<Void> resync() {
        return send(Json.object().put("type", "RECONNECT"));
    }

    double localNowMs() {
        return wallBaseMs + (System.nanoTime() - nanoBase) / 1e6;
    }

    @Override
    protected boolean terminalClose(int code) {
        synchronized (lock) {
            return code == 1008 || deleted;
        }
    }

    @Override
    protected void onFrame(JsonNode frame) {
        switch (frame.path("type").asText()) {
            case "CONNECTED" -> {
                synchronized (lock) {
                    burstLeft = BURST;
                    pingSentAt = -1;
                }
                ready();
                ping();
            }
            case "STATE_SYNC" -> state(frame.path("state"), null);
            case "STATE_UPDATE" -> state(frame.path("state"), Json.text(frame, "event"));
            case "PONG" -> pong(frame);
            case "SESSION_DELETED" -> {
                synchronized (lock) {
                    deleted = true;
                }
                events.execute(() -> listener.onDeleted(sessionId));
            }
            case "ERROR" -> events.execute(() -> listener.onError(frame.path("code").asText(),
                    frame.path("message").asText()));
            default -> {
            }
        }
    }

    private void state(JsonNode json, String event) {
        SessionSnapshot next = new SessionSnapshot(json);
        synchronized (lock) {
            SessionSnapshot current = state;
            if (current != null && next.version() <= current.version() && event != null) {
                return;
            }
            if (current != null && next.version() < current.version()) {
                return;
            }
            state = next;
        }
        events.execute(() -> listener.onState(next, event));
    }

    private void ping() {
        synchronized (lock) {
            double now = localNowMs();
            if (pingSentAt >= 0 && now - pingSentAt < PONG_TIMEOUT_MS) {
                return;
            }
            pingSentAt = now;
        }
        send(Json.object().put("type", "PING"));
    }

    private void pong(JsonNode frame) {
        double received = localNowMs();
        long nextDelay;
        synchronized (lock) {
            if (pingSentAt < 0 || !frame.path("timestamp").canConvertToLong()) {
                return;
            }
            clock.add(pingSentAt, received, frame.path("timestamp").asLong());
            pingSentAt = -1;
            if (burstLeft > 0) {
                burstLeft--;
            }
            nextDelay = burstLeft > 0 ? BURST_SPACING_MS : pingInterval.toMillis();
            if (pinger != null) {
                pinger.cancel(false);
            }
            pinger = ctx.scheduler().schedule(this::ping, nextDelay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void onSocketClosed() {
        synchronized (lock) {
            pingSentAt = -1;
            if (pinger != null) {
                pinger.cancel(false);
                pinger = null;
            }
        }
    }
}
