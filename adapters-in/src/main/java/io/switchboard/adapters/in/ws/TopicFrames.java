package io.switchboard.adapters.in.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.adapters.in.json.Json;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.view.Views;
import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.failure.FieldError;
import io.switchboard.domain.failure.InvalidInput;
import io.switchboard.domain.failure.Unauthorized;
import io.switchboard.domain.failure.ValidationFailed;
import io.switchboard.domain.topic.TopicPattern;
import io.switchboard.domain.user.Caller;
import io.switchboard.domain.user.UserId;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The topic dialect's frames (docs/websocket.md) without the socket: parses what the client sends (auth,
 * subscribe, unsubscribe, message, ping), calls the use cases, and answers through a {@link Peer}. It holds the
 * connection's caller, token expiry and subscriptions. {@link TopicConnection} gives it the real socket; the
 * adapters-in tests give it a recording peer and fake use cases.
 */
final class TopicFrames {
    private static final Logger log = LoggerFactory.getLogger(TopicFrames.class);
    private static final int MAX_ID_LENGTH = 64;

    /** Where the frames go: the connection's outbound queue, or a test's list. */
    interface Peer {
        /** Queues a text frame; {@code type} is its bounded label for metrics. */
        void send(String text, String type);

        /** Starts a close handshake behind the frames already queued. */
        void close(int code, String reason);

        /** True once the connection is gone. */
        boolean isReleased();

        /**
         * Counts the connection against {@code user}'s WS_MAX_CONNECTIONS_PER_USER (a no-op for the user it already
         * counts for); false when the user is at the cap.
         */
        boolean claimUser(UserId user);
    }

    private final WsSettings settings;
    private final Metrics metrics;
    private final Supplier<Instant> clock;
    private final AuthenticateUseCase authenticate;
    private final SubscribeTopicUseCase subscriptions;
    private final PublishToTopicUseCase publisher;
    /** What the use cases see as the subscriber: the connection deliveries go to. */
    private final Subscriber subscriber;
    private final Peer peer;
    private final Set<TopicPattern> patterns = ConcurrentHashMap.newKeySet();

    private volatile Caller caller;
    private volatile long tokenExpiresAtMs;
    /** Set while waiting for the first `auth` frame, or for a fresh one after the token expired. */
    private volatile long authDeadlineNanos;
    private volatile boolean tokenExpired;

    TopicFrames(WsSettings settings, Metrics metrics, Supplier<Instant> clock, AuthenticateUseCase authenticate,
                SubscribeTopicUseCase subscriptions, PublishToTopicUseCase publisher, Subscriber subscriber,
                Peer peer, VerifiedToken token) {
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.authenticate = authenticate;
        this.subscriptions = subscriptions;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.peer = peer;
        if (token != null) {
            accept(token);
        }
    }

    /** The authenticated user's id, or null before authentication. */
    String userId() {
        Caller current = caller;
        return current == null ? null : current.id().toString();
    }

    /** The patterns this connection holds (normal form), for the admin pages. */
    java.util.List<String> subscribedPatterns() {
        return patterns.stream().map(TopicPattern::value).sorted().toList();
    }

    /**
     * The socket is open: an unauthenticated connection has WS_AUTH_TIMEOUT_MS to send `auth`; one authenticated at
     * the upgrade gets the ready frame, shaped like the reply to `auth` (without `id`).
     */
    void onOpened(long nowNanos) {
        long timeout = settings.authTimeoutMs();
        Caller current = caller;
        if (current == null && timeout > 0) {
            authDeadlineNanos = nowNanos + WsConnection.millisToNanos(timeout);
        }
        if (current != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", current.id().toString());
            body.put("expiresAt", Views.iso(Instant.ofEpochMilli(tokenExpiresAtMs)));
            reply(null, "auth_success", body);
        }
    }

    /** The connection is gone: drops its subscriptions. */
    void onReleased() {
        subscriptions.unsubscribeAll(subscriber);
        patterns.clear();
    }

    // ---- inbound -----------------------------------------------------------------------------------------

    /** A text frame that passed the rate limit ({@code null}: a binary frame). */
    void onText(String text) {
        String id = null;
        String type = "invalid";
        try {
            if (text == null) {
                throw new InvalidInput("INVALID_FRAME", "binary frames are not supported; send JSON text");
            }
            JsonNode frame = Json.parse(text);
            if (!frame.isObject()) {
                throw new InvalidInput("INVALID_FRAME", "a frame must be a JSON object");
            }
            id = frameId(frame);
            type = frame.path("type").isTextual() ? frame.get("type").textValue() : "";
            metrics.wsFrameIn(knownType(type));
            handle(type, frame, id);
        } catch (Failure failure) {
            sendError(failure, id);
            if (failure.code() == ErrorCode.UNAUTHORIZED && "auth".equals(type)) {
                peer.close(StatusCode.POLICY_VIOLATION, "authentication failed");
            }
        } catch (RuntimeException bug) {
            log.error("topic frame of type {} failed", type, bug);
            sendError(ErrorCode.INTERNAL_ERROR, "INTERNAL_ERROR", "the server could not handle the frame", id);
        }
    }

    private void handle(String type, JsonNode frame, String id) {
        switch (type) {
            case "ping" -> reply(id, "pong", Map.of());
            case "auth" -> auth(frame, id);
            case "subscribe" -> subscribe(frame, id);
            case "unsubscribe" -> unsubscribe(frame, id);
            case "message" -> publish(frame, id);
            default -> throw new InvalidInput("UNKNOWN_TYPE",
                    type.isEmpty() ? "a frame needs a string `type`" : "unknown frame type '" + type + "'");
        }
    }

    private void auth(JsonNode frame, String id) {
        JsonNode token = frame.get("token");
        if (token == null || !token.isTextual()) {
            throw new Unauthorized("TOKEN_MISSING", "an auth frame needs a string `token`");
        }
        VerifiedToken verified = authenticate.authenticate(token.textValue());
        Caller current = caller;
        if (current != null && !current.id().equals(verified.caller().id())) {
            throw new Unauthorized("TOKEN_USER_MISMATCH", "a connection cannot change its user; open a new one");
        }
        if (tokenExpired && verified.expiresAt().toEpochMilli() <= Math.max(tokenExpiresAtMs,
                clock.get().toEpochMilli())) {
            // Within the verifier's clock skew an expired token still verifies; it cannot renew a connection whose
            // token expired, or the connection would live on with a past expiresAt.
            throw new Unauthorized("TOKEN_EXPIRED", "the token in a renewing auth frame must expire later than now");
        }
        if (!peer.claimUser(verified.caller().id())) { // WS_MAX_CONNECTIONS_PER_USER: error 7, then close 1008
            metrics.wsDropped("user_connection_limit");
            sendError(ErrorCode.RATE_LIMITED, "TOO_MANY_USER_CONNECTIONS",
                    "too many WebSocket connections for this user", id);
            peer.close(StatusCode.POLICY_VIOLATION, "too many connections for this user");
            return;
        }
        accept(verified);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", verified.caller().id().toString());
        body.put("expiresAt", Views.iso(verified.expiresAt()));
        reply(id, "auth_success", body);
    }

    private void accept(VerifiedToken token) {
        caller = token.caller();
        tokenExpiresAtMs = token.expiresAt().toEpochMilli();
        tokenExpired = false;
        authDeadlineNanos = 0;
    }

    private Caller requireCaller() {
        Caller current = caller;
        if (current == null) {
            throw new Unauthorized("AUTH_REQUIRED", "send an auth frame first");
        }
        if (tokenExpired) {
            throw new Unauthorized("TOKEN_EXPIRED", "the token has expired; send an auth frame with a fresh one");
        }
        return current;
    }

    private void subscribe(JsonNode frame, String id) {
        Caller current = requireCaller();
        List<String> requested = topicsOf(frame);
        for (String topic : requested) {
            try {
                int max = settings.maxSubscriptions();
                // Compared in normal form: `a.**.**` is the subscription `a.**` (code 2 here if malformed).
                boolean known = patterns.contains(TopicPattern.parse(topic));
                if (!known && max > 0 && patterns.size() >= max) {
                    throw new ValidationFailed("SUBSCRIPTION_LIMIT",
                            List.of(new FieldError("topic", "at most " + max + " subscriptions per connection")));
                }
                TopicPattern pattern = subscriptions.subscribe(current, topic, subscriber);
                patterns.add(pattern);
                if (peer.isReleased()) {
                    // Released (e.g. cut off by the housekeeper) while this frame was handled: onReleased may have
                    // emptied the registry before this subscription reached it, so drop what is left.
                    subscriptions.unsubscribeAll(subscriber);
                    return;
                }
                reply(id, "subscribed", Map.of("topic", topic)); // as sent, like `unsubscribed` and errors
            } catch (Failure failure) {
                sendError(failure, id, topic);
            }
        }
    }

    private void unsubscribe(JsonNode frame, String id) {
        requireCaller();
        for (String topic : topicsOf(frame)) {
            try {
                subscriptions.unsubscribe(topic, subscriber);
                patterns.remove(TopicPattern.parse(topic)); // valid: the line above parsed it
                reply(id, "unsubscribed", Map.of("topic", topic));
            } catch (Failure failure) {
                sendError(failure, id, topic);
            }
        }
    }

    private void publish(JsonNode frame, String id) {
        Caller current = requireCaller();
        JsonNode topic = frame.get("topic");
        JsonNode content = frame.get("content");
        JsonNode data = frame.get("data");
        if (topic == null || !topic.isTextual()) {
            throw ValidationFailed.of("topic", "is required and must be a string");
        }
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw ValidationFailed.of("content", "must be a string");
        }
        Object dataTree = data == null || data.isNull() ? null : Json.mapper().convertValue(data, Object.class);
        PublishToTopicUseCase.Published published = publisher.publish(new PublishToTopicUseCase.Command(current,
                topic.textValue(), content == null || content.isNull() ? null : content.textValue(), dataTree));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", published.topic().value());
        published.messageId().ifPresent(messageId -> body.put("messageId", messageId));
        reply(id, "published", body);
    }

    /** `topic` or `topics` (a non-empty array of strings). */
    private static List<String> topicsOf(JsonNode frame) {
        JsonNode one = frame.get("topic");
        JsonNode many = frame.get("topics");
        List<String> topics = new ArrayList<>();
        if (one != null && !one.isNull()) {
            if (!one.isTextual()) {
                throw ValidationFailed.of("topic", "must be a string");
            }
            topics.add(one.textValue());
        }
        if (many != null && !many.isNull()) {
            if (!many.isArray() || many.isEmpty()) {
                throw ValidationFailed.of("topics", "must be a non-empty array of strings");
            }
            for (JsonNode t : many) {
                if (!t.isTextual()) {
                    throw ValidationFailed.of("topics", "must be a non-empty array of strings");
                }
                topics.add(t.textValue());
            }
        }
        if (topics.isEmpty()) {
            throw ValidationFailed.of("topic", "give `topic` or `topics`");
        }
        return topics;
    }

    private static String frameId(JsonNode frame) {
        JsonNode id = frame.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.textValue().length() > MAX_ID_LENGTH) {
            throw new InvalidInput("INVALID_ID", "`id` must be a string of at most " + MAX_ID_LENGTH + " characters");
        }
        return id.textValue();
    }

    private static String knownType(String type) {
        return switch (type) {
            case "ping", "auth", "subscribe", "unsubscribe", "message" -> type;
            default -> "unknown";
        };
    }

    // ---- timers ------------------------------------------------------------------------------------------

    /** The auth deadline and the token expiry, run by the housekeeper. */
    void onTick(long nowNanos) {
        long deadline = authDeadlineNanos;
        if (deadline != 0 && nowNanos - deadline > 0) {
            authDeadlineNanos = 0;
            peer.close(StatusCode.POLICY_VIOLATION, tokenExpired ? "token expired" : "authentication timeout");
            return;
        }
        if (caller != null && !tokenExpired && clock.get().toEpochMilli() >= tokenExpiresAtMs) {
            tokenExpired = true;
            long grace = settings.reauthGraceMs();
            authDeadlineNanos = nowNanos + WsConnection.millisToNanos(grace);
            sendError(new Unauthorized("TOKEN_EXPIRED",
                    "the token has expired; send an auth frame with a fresh one within " + grace + " ms"), null);
        }
    }

    // ---- outbound ----------------------------------------------------------------------------------------

    void sendRateLimited(long retryAfterSeconds) {
        Map<String, Object> frame = errorFrame(ErrorCode.RATE_LIMITED, "RATE_LIMITED",
                "too many frames; slow down", null);
        frame.put("details", Map.of("retryAfterSeconds", retryAfterSeconds));
        peer.send(Json.write(frame), "error");
    }

    private void reply(String id, String type, Map<String, Object> fields) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.putAll(fields);
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("timestamp", now());
        peer.send(Json.write(frame), type);
    }

    private void sendError(Failure failure, String id) {
        sendError(failure, id, null);
    }

    private void sendError(Failure failure, String id, String topic) {
        Map<String, Object> frame = errorFrame(failure.code(), failure.reason(), failure.getMessage(), id);
        if (topic != null) {
            frame.put("topic", topic);
        }
        if (!failure.details().isEmpty()) {
            frame.put("details", failure.details());
        }
        peer.send(Json.write(frame), "error");
    }

    private void sendError(ErrorCode code, String reason, String message, String id) {
        peer.send(Json.write(errorFrame(code, reason, message, id)), "error");
    }

    private Map<String, Object> errorFrame(ErrorCode code, String reason, String message, String id) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("code", code.number());
        frame.put("reason", reason);
        frame.put("message", message);
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("timestamp", now());
        return frame;
    }

    private String now() {
        return Views.iso(clock.get());
    }
}
