package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
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

/**
 * The session dialect (docs/sessions.md): one connection watches one session. It listens on the session's
 * topic ({@code sessions.{id}}), so changes made on any instance reach it, and it never sends a state older than
 * one it already sent (publications of adjacent versions may race; the version decides).
 */
public final class SessionConnection extends WsConnection implements Subscriber {
    private static final Logger log = LoggerFactory.getLogger(SessionConnection.class);
    static final String SESSION_DELETED_EVENT = "session.deleted";
    /** Reads of the state for one STATE_SYNC before giving up on a session that changes faster than that. */
    private static final int MAX_SYNC_READS = 20;

    /** STATE_UPDATE or SESSION_DELETED, rendered once per publication for every watcher of the session. */
    static final FrameFormat FRAME = SessionConnection::render;

    private final SessionId sessionId;
    private final Caller caller;
    private final long tokenExpiresAtMs;
    private final GetSessionUseCase sessions;
    private final SubscribeTopicUseCase subscriptions;
    /** The newest version sent; guarded by this, together with the send, so versions go out in order. */
    private long lastVersion;

    SessionConnection(WsContext context, String remoteIp, WsRegistry.Slot slot, SessionId sessionId,
                      VerifiedToken token, GetSessionUseCase sessions, SubscribeTopicUseCase subscriptions) {
        super(context, remoteIp, slot);
        this.sessionId = sessionId;
        this.caller = token.caller();
        this.tokenExpiresAtMs = token.expiresAt().toEpochMilli();
        this.sessions = sessions;
        this.subscriptions = subscriptions;
    }

    @Override
    String dialect() {
        return "session";
    }

    @Override
    public String ownerId() {
        return caller.id().toString();
    }

    @Override
    java.util.List<String> subscriptions() {
        return java.util.List.of("sessions." + sessionId);
    }

    @Override
    void onOpened() {
        Map<String, Object> connected = frame("CONNECTED");
        send(Json.write(connected), "CONNECTED");
        // Listen first, then read: a change between the two is either in the read state or delivered after it.
        subscriptions.subscribe(caller, Topics.session(sessionId.toString()).value(), this);
        if (isReleased()) {
            // Cut off (e.g. by the housekeeper) while opening: onReleased may have run before the subscription
            // reached the registry, so drop it here.
            subscriptions.unsubscribeAll(this);
            return;
        }
        sync(false);
    }

    @Override
    void onReleased() {
        subscriptions.unsubscribeAll(this);
    }

    @Override
    public void deliver(Delivery delivery) {
        if (SESSION_DELETED_EVENT.equals(delivery.eventType())) {
            ByteBuffer frame = delivery.frameUtf8(FRAME);
            synchronized (this) {
                send(frame, "SESSION_DELETED");
                lastVersion = Long.MAX_VALUE;
            }
            close(StatusCode.NORMAL, "session deleted");
            return;
        }
        if (!(delivery.data() instanceof SessionUpdate update)) {
            log.warn("a publication on {} is not a session update; skipped", delivery.topic());
            return;
        }
        long version = update.version();
        synchronized (this) {
            if (version <= lastVersion) {
                return;
            }
            lastVersion = version;
            send(delivery.frameUtf8(FRAME), "STATE_UPDATE");
        }
    }

    @Override
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
        context.metrics().wsFrameIn(type == null ? "invalid" : switch (type) {
            case "PING", "RECONNECT" -> type;
            default -> "unknown";
        });
        if ("PING".equals(type)) {
            Map<String, Object> pong = new LinkedHashMap<>();
            pong.put("type", "PONG");
            pong.put("timestamp", context.clock().get().toEpochMilli());
            send(Json.write(pong), "PONG");
        } else if ("RECONNECT".equals(type)) {
            sync(true);
        } else {
            sendError("INVALID_MESSAGE", type == null ? "a frame must be a JSON object with a string `type`"
                    : "unknown frame type '" + type + "'; send PING or RECONNECT");
        }
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
            Instant now = context.clock().get();
            Map<String, Object> frame = frame("STATE_SYNC");
            frame.put("state", SessionViews.state(state, now));
            String text = Json.write(frame);
            synchronized (this) {
                if (lastVersion == Long.MAX_VALUE) {
                    return; // deleted meanwhile: SESSION_DELETED went out and the connection is closing
                }
                if (state.version() >= lastVersion) {
                    lastVersion = state.version();
                    send(text, "STATE_SYNC");
                    return;
                }
            }
        }
        log.debug("session {} changed faster than a watcher could read it; STATE_SYNC skipped", sessionId);
    }

    @Override
    void onTick(long nowNanos) {
        if (context.clock().get().toEpochMilli() >= tokenExpiresAtMs) {
            sendError("TOKEN_EXPIRED", "the token has expired; reconnect with a fresh one");
            close(StatusCode.POLICY_VIOLATION, "token expired");
        }
    }

    @Override
    void sendRateLimited(long retryAfterSeconds) {
        sendError("RATE_LIMITED", "too many frames; retry after " + retryAfterSeconds + " s");
    }

    private void sendError(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "ERROR");
        error.put("code", code);
        error.put("message", message);
        send(Json.write(error), "ERROR");
    }

    private Map<String, Object> frame(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("sessionId", sessionId.toString());
        frame.put("timestamp", context.clock().get().toEpochMilli());
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
