package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.FrameFormat;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.view.SessionViews;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.NotFound;
import io.switchboard.domain.session.SessionId;
import io.switchboard.domain.session.SessionState;
import io.switchboard.domain.topic.Topics;
import io.switchboard.domain.user.Caller;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The session dialect's frames (docs/sessions.md) without the socket: one watcher of one session. It listens on
 * the session's topic ({@code sessions.{id}}), so changes made on any instance reach it, answers PING and
 * RECONNECT, and never sends a state older than one it already sent (publications of adjacent versions may race;
 * the version decides). {@link SessionConnection} gives it the real socket; the adapters-in tests give it a
 * recording peer and fake use cases.
 */
final class SessionFrames {
    private static final Logger log = LoggerFactory.getLogger(SessionFrames.class);
    static final String SESSION_DELETED_EVENT = "session.deleted";
    /** Reads of the state for one STATE_SYNC before giving up on a session that changes faster than that. */
    private static final int MAX_SYNC_READS = 20;

    /** STATE_UPDATE or SESSION_DELETED, rendered once per publication for every watcher of the session. */
    static final FrameFormat FRAME = SessionFrames::render;

    /** Where the frames go: the connection's outbound queue, or a test's list. */
    interface Peer {
        /** Queues a text frame; {@code type} is its bounded label for metrics. */
        void send(String text, String type);

        /** Queues a frame already encoded as UTF-8 (shared by every watcher: not to be modified). */
        void send(ByteBuffer utf8Frame, String type);

        /** Starts a close handshake behind the frames already queued. */
        void close(int code, String reason);

        /** True once the connection is gone. */
        boolean isReleased();
    }

    private final SessionId sessionId;
    private final Caller caller;
    private final long tokenExpiresAtMs;
    private final Metrics metrics;
    private final Supplier<Instant> clock;
    private final GetSessionUseCase sessions;
    private final SubscribeTopicUseCase subscriptions;
    /** What the use cases see as the subscriber: the connection deliveries go to. */
    private final Subscriber subscriber;
    private final Peer peer;
    /** The newest version sent; guarded by this, together with the send, so versions go out in order. */
    private long lastVersion;
    /** Whether the newest version went out as STATE_SYNC (its change's STATE_UPDATE may still follow); guarded by this. */
    private boolean lastWasSync;
    /** CONNECTED went out: deliveries before it wait in {@link #early}; guarded by this. */
    private boolean connectedSent;
    /** The newest delivery that arrived between the subscription and CONNECTED; guarded by this. */
    private Delivery early;

    SessionFrames(SessionId sessionId, VerifiedToken token, Metrics metrics, Supplier<Instant> clock,
                  GetSessionUseCase sessions, SubscribeTopicUseCase subscriptions, Subscriber subscriber, Peer peer) {
        this.sessionId = sessionId;
        this.caller = token.caller();
        this.tokenExpiresAtMs = token.expiresAt().toEpochMilli();
        this.metrics = metrics;
        this.clock = clock;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.subscriber = subscriber;
        this.peer = peer;
    }

    String userId() {
        return caller.id().toString();
    }

    /** What the watcher listens on (the admin pages' connection list). */
    java.util.List<String> subscriptions() {
        return java.util.List.of(Topics.session(sessionId.toString()).value());
    }

    /**
     * The socket is open: the subscription, then CONNECTED (so every change made after the client saw CONNECTED
     * reaches it as a STATE_UPDATE), then STATE_SYNC. A delivery that arrives before CONNECTED went out follows it.
     */
    void onOpened() {
        // Listen first, then read: a change between the two is either in the read state or delivered after it.
        subscriptions.subscribe(caller, Topics.session(sessionId.toString()).value(), subscriber);
        Delivery waiting;
        synchronized (this) {
            peer.send(Json.write(frame("CONNECTED")), "CONNECTED");
            connectedSent = true;
            waiting = early;
            early = null;
        }
        if (waiting != null) {
            deliver(waiting);
        }
        if (peer.isReleased()) {
            // Cut off (e.g. by the housekeeper) while opening: onReleased may have run before the subscription
            // reached the registry, so drop it here.
            subscriptions.unsubscribeAll(subscriber);
            return;
        }
        sync(false);
    }

    /** The connection is gone: drops its subscription. */
    void onReleased() {
        subscriptions.unsubscribeAll(subscriber);
    }

    void deliver(Delivery delivery) {
        synchronized (this) {
            if (!connectedSent) {
                if (early == null || !SESSION_DELETED_EVENT.equals(early.eventType())
                        && version(delivery) >= version(early)) {
                    early = delivery; // states are whole: the newest (or the deletion) is all that matters
                }
                return;
            }
        }
        if (SESSION_DELETED_EVENT.equals(delivery.eventType())) {
            ByteBuffer frame = delivery.frameUtf8(FRAME);
            synchronized (this) {
                peer.send(frame, "SESSION_DELETED");
                lastVersion = Long.MAX_VALUE;
            }
            peer.close(StatusCode.NORMAL, "session deleted");
            return;
        }
        if (!(delivery.data() instanceof SessionUpdate update)) {
            log.warn("a publication on {} is not a session update; skipped", delivery.topic());
            return;
        }
        long version = update.version();
        synchronized (this) {
            // Never backwards; the same version again only when a STATE_SYNC showed it before its own update came.
            if (version < lastVersion || version == lastVersion && !lastWasSync) {
                return;
            }
            lastVersion = version;
            lastWasSync = false;
            peer.send(delivery.frameUtf8(FRAME), "STATE_UPDATE");
        }
    }

    private static long version(Delivery delivery) {
        return delivery.data() instanceof SessionUpdate update ? update.version() : Long.MAX_VALUE;
    }

    void onText(String text) {
        String type = null;
        try {
            JsonNode frame = text == null ? null : Json.parse(text);
            if (frame != null && frame.isObject() && frame.path("type").isTextual()) {
                type = frame.get("type").textValue();
            }
        } catch (Failure malformed) {
            type = null;
        }
        metrics.wsFrameIn(type == null ? "invalid" : switch (type) {
            case "PING", "RECONNECT" -> type;
            default -> "unknown";
        });
        if ("PING".equals(type)) {
            Map<String, Object> pong = new LinkedHashMap<>();
            pong.put("type", "PONG");
            pong.put("timestamp", clock.get().toEpochMilli());
            peer.send(Json.write(pong), "PONG");
        } else if ("RECONNECT".equals(type)) {
            sync(true);
        } else {
            sendError("INVALID_MESSAGE", type == null ? "a frame must be a JSON object with a string `type`"
                    : "unknown frame type '" + type + "'; send PING or RECONNECT");
        }
    }

    /** Closes the watcher once its token has expired (checked on the connection's tick). */
    void onTick() {
        if (clock.get().toEpochMilli() >= tokenExpiresAtMs) {
            sendError("TOKEN_EXPIRED", "the token has expired; reconnect with a fresh one");
            peer.close(StatusCode.POLICY_VIOLATION, "token expired");
        }
    }

    void sendRateLimited(long retryAfterSeconds) {
        sendError("RATE_LIMITED", "too many frames; retry after " + retryAfterSeconds + " s");
    }

    /**
     * Sends the current state as STATE_SYNC. A read can lose a race with a change whose STATE_UPDATE went out
     * first; that state is never sent (it would go backwards), the store already holds the newer one, so it is read
     * again. A watcher thus always gets its STATE_SYNC, after CONNECTED and for every RECONNECT.
     */
    private void sync(boolean answerMissing) {
        for (int attempt = 1; attempt <= MAX_SYNC_READS; attempt++) {
            SessionState state;
            try {
                state = sessions.get(caller, sessionId);
            } catch (NotFound notFound) {
                if (answerMissing) {
                    sendError("SESSION_NOT_FOUND", "no session " + sessionId);
                }
                return;
            } catch (Failure failure) {
                sendError(failure.reason(), failure.getMessage());
                return;
            } catch (RuntimeException bug) {
                log.error("reading session {} for a watcher failed", sessionId, bug);
                sendError("INTERNAL_ERROR", "the server could not read the session");
                return;
            }
            Map<String, Object> frame = frame("STATE_SYNC");
            frame.put("state", SessionViews.state(state, clock.get()));
            String text = Json.write(frame);
            synchronized (this) {
                if (lastVersion == Long.MAX_VALUE) {
                    return; // deleted meanwhile: SESSION_DELETED went out and the connection is closing
                }
                if (state.version() >= lastVersion) {
                    lastWasSync = state.version() > lastVersion || lastWasSync;
                    lastVersion = state.version();
                    peer.send(text, "STATE_SYNC");
                    return;
                }
            }
        }
        log.debug("session {} changed faster than a watcher could read it; STATE_SYNC skipped", sessionId);
    }

    private void sendError(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "ERROR");
        error.put("code", code);
        error.put("message", message);
        peer.send(Json.write(error), "ERROR");
    }

    private Map<String, Object> frame(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("sessionId", sessionId.toString());
        frame.put("timestamp", clock.get().toEpochMilli());
        return frame;
    }

    /** STATE_UPDATE or SESSION_DELETED from the typed update; the state (a tree or raw JSON) is embedded as is. */
    private static Object render(Publication publication) {
        SessionUpdate update = (SessionUpdate) publication.data();
        Map<String, Object> frame = new LinkedHashMap<>();
        boolean deleted = SESSION_DELETED_EVENT.equals(publication.eventType());
        frame.put("type", deleted ? "SESSION_DELETED" : "STATE_UPDATE");
        frame.put("sessionId", update.sessionId());
        frame.put("timestamp", publication.timestamp().toEpochMilli());
        if (!deleted) {
            frame.put("state", update.state());
            frame.put("event", update.event());
        }
        return frame;
    }
}
